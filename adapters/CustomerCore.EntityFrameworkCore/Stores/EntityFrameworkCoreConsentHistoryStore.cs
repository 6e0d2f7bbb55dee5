using CustomerCore.Privacy;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>An append-only <see cref="IConsentHistoryStore"/> over <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreConsentHistoryStore<TContext> : IConsentHistoryStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreConsentHistoryStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    /// <inheritdoc />
    public async Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var context = _ambient.ContextFor(_context);
        var entry = context.Add(Copy(record));
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
    public Task AppendManyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        return EntityWrites.InsertManyAsync(_ambient.ContextFor(_context), records.Select(Copy).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConsentRecord>> ListAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var records = await _ambient.ContextFor(_context).Set<ConsentRecord>()
            .AsNoTracking()
            .Where(r => r.MerchantId == merchantId && r.CustomerId == customerId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        // Sorted here rather than in SQL: SQLite cannot order by a DateTimeOffset, and one customer's history is short.
        // Ids are version 7 GUIDs, so they break ties in the order the records were made.
        return records.OrderBy(r => r.RecordedAt).ThenBy(r => r.Id).ToList();
    }

    private static ConsentRecord Copy(ConsentRecord record) => new()
    {
        Id = record.Id,
        MerchantId = record.MerchantId,
        CustomerId = record.CustomerId,
        Channel = record.Channel,
        Status = record.Status,
        RecordedAt = record.RecordedAt,
        Source = record.Source,
        WordingVersion = record.WordingVersion,
        RecordedBy = record.RecordedBy,
    };
}
