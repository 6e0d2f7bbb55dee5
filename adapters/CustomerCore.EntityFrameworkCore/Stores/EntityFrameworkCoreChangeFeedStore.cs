using System.Globalization;
using CustomerCore.ChangeFeed;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="IChangeFeedStore"/> over <typeparamref name="TContext"/>. A reservation takes its numbers from the
/// merchant's <see cref="ChangeFeedCounter"/> row with one upsert that creates or increments the row and returns the
/// new value (<c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>, understood by PostgreSQL and by SQLite 3.35 and
/// later). The counter row stays locked until the transaction ends (PostgreSQL's row lock, SQLite's database write
/// lock), so the next writer of the merchant waits for this one to commit or roll back: numbers have no gaps and become
/// visible in order.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreChangeFeedStore<TContext> : IChangeFeedStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreChangeFeedStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    /// <inheritdoc />
    public Task<long> ReserveAsync(MerchantId merchantId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var context = Context;
        if (context.Database.CurrentTransaction is null)
        {
            // Numbers taken in their own transaction would be lost if the entries were never inserted: a gap.
            throw new InvalidOperationException("Change-feed numbers can only be reserved inside an open transaction.");
        }

        return AllocateAsync(context, merchantId, count, cancellationToken);
    }

    /// <inheritdoc />
    public Task InsertAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Any(e => e.Sequence <= 0))
        {
            throw new ArgumentException("Every entry needs a reserved sequence number.", nameof(entries));
        }

        return entries.Count == 0
            ? Task.CompletedTask
            : EntityWrites.InsertManyAsync(Context, entries.Select(e => e.Clone()).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChangeFeedEntry>> ReadAsync(MerchantId merchantId, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        return await Context.Set<ChangeFeedEntry>()
            .AsNoTracking()
            .Where(e => e.MerchantId == merchantId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Only erasure redacts, so on SQLite this also asks for the write-ahead log to be truncated after the commit.</remarks>
    public async Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var context = Context;
        await context.Set<ChangeFeedEntry>()
            .Where(e => e.MerchantId == merchantId && e.EntityId == customerId && e.Customer != null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Customer, (TillCustomerSnapshot?)null), cancellationToken)
            .ConfigureAwait(false);
        await SqliteConnectionInterceptor.TruncateLogAfterCommitAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Raises the merchant's counter by <paramref name="count"/>, creating it at <paramref name="count"/> for a
    /// merchant's first append, and returns the new value: one statement, so no other appender can slip in between
    /// reading and writing the counter.
    /// </summary>
    private static async Task<long> AllocateAsync(DbContext context, MerchantId merchantId, int count, CancellationToken cancellationToken)
    {
        var counter = context.Model.FindEntityType(typeof(ChangeFeedCounter))
            ?? throw new InvalidOperationException($"{nameof(ChangeFeedCounter)} is not in the model; call modelBuilder.AddCustomerCore().");
        var table = StoreObjectIdentifier.Table(counter.GetTableName()!, counter.GetSchema());
        var merchantProperty = counter.FindProperty(nameof(ChangeFeedCounter.MerchantId))!;
        var lastProperty = counter.FindProperty(nameof(ChangeFeedCounter.LastSequence))!;
        var sql = context.GetService<ISqlGenerationHelper>();
        var merchantColumn = sql.DelimitIdentifier(merchantProperty.GetColumnName(table)!);
        var lastColumn = sql.DelimitIdentifier(lastProperty.GetColumnName(table)!);

        // The target needs an alias: in PostgreSQL's DO UPDATE an unqualified column would be ambiguous with
        // "excluded" (the row that was proposed for insertion, here carrying the count).
        var alias = sql.DelimitIdentifier("counter");
        var merchantParameter = sql.GenerateParameterName("merchant");
        var countParameter = sql.GenerateParameterName("count");
        var commandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} AS {alias} ({merchantColumn}, {lastColumn}) " +
            $"VALUES ({merchantParameter}, {countParameter}) " +
            $"ON CONFLICT ({merchantColumn}) DO UPDATE SET {lastColumn} = {alias}.{lastColumn} + excluded.{lastColumn} " +
            $"RETURNING {lastColumn}";

        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = database.GetDbConnection().CreateCommand();
            command.Transaction = database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = commandText;
            if (database.GetCommandTimeout() is { } timeout)
            {
                command.CommandTimeout = timeout;
            }

            // Parameters typed and converted by the model's own mappings, as SaveChanges would bind them.
            command.Parameters.Add(merchantProperty.GetRelationalTypeMapping().CreateParameter(command, merchantParameter, merchantId, nullable: false));
            command.Parameters.Add(lastProperty.GetRelationalTypeMapping().CreateParameter(command, countParameter, (long)count, nullable: false));
            var last = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(last, CultureInfo.InvariantCulture);
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
