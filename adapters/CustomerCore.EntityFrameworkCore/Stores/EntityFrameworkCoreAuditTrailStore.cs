using CustomerCore.Auditing;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>An append-only <see cref="IAuditTrailStore"/> over <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreAuditTrailStore<TContext> : IAuditTrailStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreAuditTrailStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return EntityWrites.InsertManyAsync(Context, entries.Select(Copy).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(MerchantId merchantId, Guid entityId, CancellationToken cancellationToken)
    {
        var entries = await Context.Set<AuditEntry>()
            .AsNoTracking()
            .Where(a => a.MerchantId == merchantId && a.EntityId == entityId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        // Sorted here rather than in SQL: SQLite cannot order by a DateTimeOffset, and one customer's trail is short.
        // Ids are version 7 GUIDs, so they break ties in the order the entries were made.
        return entries.OrderBy(a => a.At).ThenBy(a => a.Id).ToList();
    }

    private static AuditEntry Copy(AuditEntry entry) => new()
    {
        Id = entry.Id,
        MerchantId = entry.MerchantId,
        EntityId = entry.EntityId,
        Operation = entry.Operation,
        At = entry.At,
        Actor = entry.Actor,
        Fields = [.. entry.Fields],
        ImportBatchId = entry.ImportBatchId,
        MergeId = entry.MergeId,
    };
}
