using CustomerCore.Importing;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="IImportBatchStore"/> over <typeparamref name="TContext"/>: one header row per applied import and one
/// entry row per touched customer, keyed (batch, customer) so undo pages through a batch along the primary key.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreImportBatchStore<TContext> : IImportBatchStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreImportBatchStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    /// <inheritdoc />
    public async Task CreateAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var context = Context;
        var entry = context.Add(batch.Clone());
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> UpdateAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // The merchant and id in the WHERE clause keep the write inside the merchant; every other column is replaced.
        var updated = await Context.Set<ImportBatch>()
            .Where(b => b.MerchantId == batch.MerchantId && b.Id == batch.Id)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(b => b.AppliedAt, batch.AppliedAt)
                    .SetProperty(b => b.AppliedBy, batch.AppliedBy)
                    .SetProperty(b => b.SourceName, batch.SourceName)
                    .SetProperty(b => b.CreatedCount, batch.CreatedCount)
                    .SetProperty(b => b.UpdatedCount, batch.UpdatedCount)
                    .SetProperty(b => b.Status, batch.Status)
                    .SetProperty(b => b.UndoneAt, batch.UndoneAt)
                    .SetProperty(b => b.UndoneBy, batch.UndoneBy),
                cancellationToken)
            .ConfigureAwait(false);
        return updated == 0 ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Success;
    }

    /// <inheritdoc />
    /// <remarks>Only erasure redacts, so on SQLite this also asks for the write-ahead log to be truncated after the commit.</remarks>
    public async Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var context = Context;
        await context.Set<ImportBatchEntry>()
            .Where(e => e.MerchantId == merchantId && e.CustomerId == customerId && e.BeforeImage != null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.BeforeImage, (string?)null), cancellationToken)
            .ConfigureAwait(false);
        await SqliteConnectionInterceptor.TruncateLogAfterCommitAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ImportBatch?> FindByIdAsync(MerchantId merchantId, Guid batchId, CancellationToken cancellationToken) =>
        Context.Set<ImportBatch>().AsNoTracking().Where(b => b.MerchantId == merchantId && b.Id == batchId).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task AddEntriesAsync(IReadOnlyCollection<ImportBatchEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        // One statement per chunk on SQLite and PostgreSQL, else one SaveChanges (EF Core batches the inserts); either
        // way the batch foreign key refuses entries of a batch that does not exist.
        var context = Context;
        if (await SetBasedRowInserter.TryInsertAsync(context, entries.Select(e => e.Clone()).ToList(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var tracked = entries.Select(e => context.Add(e.Clone())).ToList();
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var entry in tracked)
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImportBatchEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid batchId, Guid? afterCustomerId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var entries = Context.Set<ImportBatchEntry>().AsNoTracking().Where(e => e.MerchantId == merchantId && e.BatchId == batchId);
        if (afterCustomerId is { } after)
        {
            entries = entries.Where(e => e.CustomerId > after);
        }

        // Ordered by customer id, which SQLite (canonical text) and PostgreSQL (uuid bytes) sort as Guid.CompareTo does.
        return await entries.OrderBy(e => e.CustomerId).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
