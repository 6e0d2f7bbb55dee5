using CustomerCore.Customers;
using CustomerCore.Groups;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="ICustomerGroupStore"/> over <typeparamref name="TContext"/>. The unique (merchant, normalized name)
/// index decides name clashes; membership is read from the customers table through its (merchant, group) index.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreCustomerGroupStore<TContext> : ICustomerGroupStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreCustomerGroupStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<CustomerGroup> GroupsOf(MerchantId merchantId) =>
        Context.Set<CustomerGroup>().AsNoTracking().Where(g => g.MerchantId == merchantId);

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> CreateAsync(CustomerGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return await EntityWrites.InsertAsync(Context, group.Clone(), StoreWriteOutcome.DuplicateName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> UpdateAsync(CustomerGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var context = Context;
        var entry = context.Attach(group.Clone());
        entry.State = EntityState.Modified;
        entry.Property(g => g.Version).OriginalValue = expectedVersion;
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return StoreWriteOutcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            entry.State = EntityState.Detached;
            return await ExistsAsync(group.MerchantId, group.Id, cancellationToken).ConfigureAwait(false)
                ? StoreWriteOutcome.VersionConflict
                : StoreWriteOutcome.NotFound;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            return StoreWriteOutcome.DuplicateName;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid groupId, long expectedVersion, CancellationToken cancellationToken)
    {
        var deleted = await Context.Set<CustomerGroup>()
            .Where(g => g.MerchantId == merchantId && g.Id == groupId && g.Version == expectedVersion)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        if (deleted > 0)
        {
            return StoreWriteOutcome.Success;
        }

        return await ExistsAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false)
            ? StoreWriteOutcome.VersionConflict
            : StoreWriteOutcome.NotFound;
    }

    /// <inheritdoc />
    public Task<CustomerGroup?> FindByIdAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken) =>
        GroupsOf(merchantId).Where(g => g.Id == groupId).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public Task<CustomerGroup?> FindByNormalizedNameAsync(MerchantId merchantId, string normalizedName, CancellationToken cancellationToken) =>
        GroupsOf(merchantId).Where(g => g.NormalizedName == normalizedName).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomerGroup>> ListAsync(MerchantId merchantId, CancellationToken cancellationToken)
    {
        var groups = await GroupsOf(merchantId).ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here so the order is ordinal on every database, whatever its collation; a merchant has few groups.
        return groups.OrderBy(g => g.NormalizedName, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, int>> CountMembersAsync(MerchantId merchantId, CancellationToken cancellationToken)
    {
        var counts = await Context.Set<Customer>()
            .AsNoTracking()
            .Where(c => c.MerchantId == merchantId && c.GroupId != null)
            .GroupBy(c => c.GroupId!.Value)
            .Select(g => new { GroupId = g.Key, Members = g.Count() })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return counts.ToDictionary(c => c.GroupId, c => c.Members);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListMemberIdsAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken) =>
        await Context.Set<Customer>()
            .AsNoTracking()
            .Where(c => c.MerchantId == merchantId && c.GroupId == groupId)
            .OrderBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    private Task<bool> ExistsAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken) =>
        GroupsOf(merchantId).AnyAsync(g => g.Id == groupId, cancellationToken);
}
