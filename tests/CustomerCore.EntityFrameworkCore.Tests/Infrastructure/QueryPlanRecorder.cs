using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CustomerCore.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Asks the database for the plan of every query EF Core runs while <see cref="Recording"/> is on, on the same
/// connection and with the same parameters, so a test sees the plan of exactly the SQL the store sends.
/// </summary>
public sealed class QueryPlanRecorder(string explainPrefix, string? before = null, string? after = null) : DbCommandInterceptor
{
    public bool Recording { get; set; }

    public List<string> Sql { get; } = [];

    public List<string> Plan { get; } = [];

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Recording)
        {
            await ExplainAsync(command, cancellationToken);
        }

        return result;
    }

    /// <summary>Records the plan of a command run outside EF Core (the SQLite till search).</summary>
    public async Task ExplainAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var sql = command.CommandText;
        Sql.Add(sql);
        await ExecuteAsync(command, before, cancellationToken);
        try
        {
            command.CommandText = explainPrefix + sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // The plan text is the last column (SQLite: "detail"; PostgreSQL: the only one).
                Plan.Add(reader.GetString(reader.FieldCount - 1).Trim());
            }
        }
        finally
        {
            command.CommandText = sql;
            await ExecuteAsync(command, after, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbCommand command, string? sql, CancellationToken cancellationToken)
    {
        if (sql is null)
        {
            return;
        }

        await using var setting = command.Connection!.CreateCommand();
        setting.Transaction = command.Transaction;
        setting.CommandText = sql;
        await setting.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Runs an action once, just before the first transaction of the context it is registered on begins: lets a
/// test put another writer's change between a service's own check and the unit of work that writes.</summary>
public sealed class BeforeFirstTransaction(Func<Task> action) : DbTransactionInterceptor
{
    private Func<Task>? _pending = action;

    public override async ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(
        System.Data.Common.DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _pending, null) is { } action)
        {
            await action();
        }

        return result;
    }
}
