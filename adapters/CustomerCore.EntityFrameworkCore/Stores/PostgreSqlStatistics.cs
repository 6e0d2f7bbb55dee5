using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Keeps PostgreSQL's foreign-key checks on the primary key while a bulk write fills a table that was small when its
/// statistics were last gathered. PostgreSQL plans each foreign-key check once per connection from the referenced
/// table's statistics; for a new or nearly empty table that plan scans the table, so an import of n customers into it
/// spends time growing with n² checking each name word against the customers it has just written (measured: 20,000 rows
/// in 28 s; 5.8 s with the refresh). Gathering the statistics once, inside the import's own transaction (PostgreSQL
/// counts the transaction's new rows), replaces those plans with index lookups.
/// </summary>
internal static class PostgreSqlStatistics
{
    // Writes smaller than this pay little for a table scan per check; they are not worth an ANALYZE.
    private const int BulkRows = 500;

    // Statistics that already count this many rows lead the planner to the primary key.
    private const double LargeTableRows = 10_000;

    private static readonly ConditionalWeakTable<DbTransaction, object> Refreshed = new();

    /// <summary>
    /// Before rows that reference <paramref name="referenced"/> are inserted: when <paramref name="rowsWritten"/> new rows
    /// of it went in inside the current transaction and its statistics describe a small table, gathers them again
    /// (once per transaction). ANALYZE takes no lock that blocks reads or writes; a database user that does not own the
    /// table gets a warning from PostgreSQL, not an error, and the import goes on as before.
    /// </summary>
    public static async Task RefreshIfStaleAsync(DbContext context, Type referenced, int rowsWritten, CancellationToken cancellationToken)
    {
        if (rowsWritten < BulkRows || !DatabaseProviders.IsPostgreSql(context)
            || context.Database.CurrentTransaction?.GetDbTransaction() is not { } transaction || Refreshed.TryGetValue(transaction, out _))
        {
            return;
        }

        Refreshed.Add(transaction, Refreshed);
        var entityType = context.Model.FindEntityType(referenced) ?? throw new InvalidOperationException($"{referenced.Name} is not in the model.");
        var table = context.GetService<ISqlGenerationHelper>().DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
        var estimate = await context.Database
            .SqlQuery<double>($"SELECT CAST(reltuples AS double precision) AS \"Value\" FROM pg_class WHERE oid = to_regclass({table})")
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (estimate.Count == 1 && estimate[0] >= LargeTableRows)
        {
            return;
        }

        var statement = "ANALYZE " + table;
#pragma warning disable EF1003 // the table name comes from the EF model, delimited by the provider; ANALYZE takes no parameters
        await context.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1003
    }
}
