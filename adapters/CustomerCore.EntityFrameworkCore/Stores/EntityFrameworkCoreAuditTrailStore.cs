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
        return EntityWrites.InsertManyAsync(Context, entries.Select(e => e.Clone()).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(MerchantId merchantId, Guid entityId, CancellationToken cancellationToken)
    {
        return await Context.Set<AuditEntry>()
            .AsNoTracking()
            .Where(a => a.MerchantId == merchantId && a.EntityId == entityId)
            .OrderBy(a => a.Sequence)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }
}
