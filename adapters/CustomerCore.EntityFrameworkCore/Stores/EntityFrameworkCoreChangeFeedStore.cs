using System.Globalization;
using CustomerCore.ChangeFeed;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="IChangeFeedStore"/> over <typeparamref name="TContext"/>. An append takes its numbers from the
/// merchant's <see cref="ChangeFeedCounter"/> row with one upsert that creates or increments the row and returns the
/// new value (<c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>, understood by PostgreSQL and by SQLite 3.35 and
/// later), then inserts the numbered entries. The counter row stays locked until the transaction ends (PostgreSQL's
/// row lock, SQLite's database write lock), so the next appender of the merchant waits for this one to commit or roll
/// back: numbers have no gaps and become visible in order.
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
    /// <exception cref="ArgumentException">An entry names another merchant.</exception>
    public async Task AppendAsync(MerchantId merchantId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Any(e => !e.MerchantId.IsEmpty && e.MerchantId != merchantId))
        {
            throw new ArgumentException($"Every entry must belong to merchant '{merchantId}'.", nameof(entries));
        }

        if (entries.Count == 0)
        {
            return;
        }

        var context = Context;
        long first;
        if (context.Database.CurrentTransaction is not null)
        {
            first = await WriteAsync(context, merchantId, entries, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Core always appends inside its open transaction. Anyone else still gets the counter and the entries
            // committed together, or a failed insert would burn numbers and leave a gap.
            var strategy = context.Database.CreateExecutionStrategy();
            first = await strategy.ExecuteAsync(
                (Context: context, MerchantId: merchantId, Entries: entries),
                static async (_, state, ct) =>
                {
                    await using var transaction = await state.Context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                    var firstSequence = await WriteAsync(state.Context, state.MerchantId, state.Entries, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return firstSequence;
                },
                verifySucceeded: null,
                cancellationToken).ConfigureAwait(false);
        }

        // The caller's entries learn their numbers only once the rows are written.
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].MerchantId = merchantId;
            entries[i].Sequence = first + i;
        }
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
    public async Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        await Context.Set<ChangeFeedEntry>()
            .Where(e => e.MerchantId == merchantId && e.EntityId == customerId && e.Customer != null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Customer, (TillCustomerSnapshot?)null), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Takes the numbers and inserts the entries, inside the open transaction; returns the first number.</summary>
    private static async Task<long> WriteAsync(DbContext context, MerchantId merchantId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        var last = await AllocateAsync(context, merchantId, entries.Count, cancellationToken).ConfigureAwait(false);
        var first = last - entries.Count + 1;
        var rows = entries.Select((entry, i) => Copy(entry, merchantId, first + i)).ToList();
        await EntityWrites.InsertManyAsync(context, rows, cancellationToken).ConfigureAwait(false);
        return first;
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

    private static ChangeFeedEntry Copy(ChangeFeedEntry entry, MerchantId merchantId, long sequence) => new()
    {
        Sequence = sequence,
        MerchantId = merchantId,
        Kind = entry.Kind,
        EntityId = entry.EntityId,
        OccurredAt = entry.OccurredAt,
        Customer = entry.Customer,
        Group = entry.Group,
    };
}
