using System.Text.Json;
using CustomerCore.Customers;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>An <see cref="ICustomerMergeStore"/> over <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreCustomerMergeStore<TContext> : ICustomerMergeStore
    where TContext : DbContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreCustomerMergeStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<CustomerMergeRow> RowsOf(MerchantId merchantId) =>
        Context.Set<CustomerMergeRow>().AsNoTracking().Where(m => m.MerchantId == merchantId);

    /// <inheritdoc />
    public async Task CreateAsync(CustomerMergeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var context = Context;
        var entry = context.Add(new CustomerMergeRow
        {
            Id = record.Id,
            MerchantId = record.MerchantId,
            KeptId = record.KeptId,
            RemovedId = record.RemovedId,
            KeptBeforeJson = JsonSerializer.Serialize(record.KeptBefore, Json),
            RemovedBeforeJson = JsonSerializer.Serialize(record.RemovedBefore, Json),
            KeptVersionAfter = record.KeptVersionAfter,
            MovedTicketsJson = JsonSerializer.Serialize(record.MovedTickets, Json),
            LedgerTransfersJson = JsonSerializer.Serialize(record.LedgerTransfers, Json),
            MergedAtTicks = record.MergedAt.UtcTicks,
            MergedBy = record.MergedBy,
            UndoneAt = record.UndoneAt,
            UndoneBy = record.UndoneBy,
        });
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
    public async Task<StoreWriteOutcome> MarkUndoneAsync(MerchantId merchantId, Guid mergeId, DateTimeOffset undoneAt, string undoneBy, CancellationToken cancellationToken)
    {
        var updated = await Context.Set<CustomerMergeRow>()
            .Where(m => m.MerchantId == merchantId && m.Id == mergeId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.UndoneAt, undoneAt).SetProperty(m => m.UndoneBy, undoneBy), cancellationToken)
            .ConfigureAwait(false);
        return updated == 0 ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Success;
    }

    /// <inheritdoc />
    public async Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, Customer redacted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        var json = JsonSerializer.Serialize(redacted, Json);
        var context = Context;
        var rows = context.Set<CustomerMergeRow>().Where(m => m.MerchantId == merchantId);
        // The customer merged away was the same person, so both before-images of a merge into this customer go.
        await rows.Where(m => m.KeptId == customerId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.KeptBeforeJson, json).SetProperty(m => m.RemovedBeforeJson, json), cancellationToken)
            .ConfigureAwait(false);
        await rows.Where(m => m.RemovedId == customerId).ExecuteUpdateAsync(set => set.SetProperty(m => m.RemovedBeforeJson, json), cancellationToken).ConfigureAwait(false);
        // Only erasure redacts, so on SQLite the write-ahead log is truncated after the commit too.
        await SqliteConnectionInterceptor.TruncateLogAfterCommitAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CustomerMergeRecord?> FindAsync(MerchantId merchantId, Guid mergeId, CancellationToken cancellationToken)
    {
        var row = await RowsOf(merchantId).Where(m => m.Id == mergeId).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListRemovedIntoAsync(MerchantId merchantId, Guid keptId, CancellationToken cancellationToken) =>
        await RowsOf(merchantId)
            .Where(m => m.KeptId == keptId && m.UndoneAt == null)
            .Select(m => m.RemovedId)
            .Distinct()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<CustomerMergeRecord?> FindActiveByRemovedIdAsync(MerchantId merchantId, Guid removedId, CancellationToken cancellationToken)
    {
        var row = await RowsOf(merchantId)
            .Where(m => m.RemovedId == removedId && m.UndoneAt == null)
            .OrderByDescending(m => m.MergedAtTicks)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    private static CustomerMergeRecord ToRecord(CustomerMergeRow row) => new()
    {
        Id = row.Id,
        MerchantId = row.MerchantId,
        KeptId = row.KeptId,
        RemovedId = row.RemovedId,
        KeptBefore = JsonSerializer.Deserialize<Customer>(row.KeptBeforeJson, Json)!,
        RemovedBefore = JsonSerializer.Deserialize<Customer>(row.RemovedBeforeJson, Json)!,
        KeptVersionAfter = row.KeptVersionAfter,
        MovedTickets = JsonSerializer.Deserialize<List<MovedTicket>>(row.MovedTicketsJson, Json)!,
        LedgerTransfers = JsonSerializer.Deserialize<List<Credit.LedgerTransfer>>(row.LedgerTransfersJson, Json)!,
        MergedAt = new DateTimeOffset(row.MergedAtTicks, TimeSpan.Zero),
        MergedBy = row.MergedBy,
        UndoneAt = row.UndoneAt,
        UndoneBy = row.UndoneBy,
    };
}
