using CustomerCore.Groups;

namespace CustomerCore.Stores;

/// <summary>
/// Persists customer groups. Names arrive normalized (<see cref="CustomerGroup.NormalizedName"/>); the store enforces
/// their uniqueness per merchant. Membership is <see cref="Customers.Customer.GroupId"/>, so the two membership
/// queries read the customers the <see cref="ICustomerStore"/> saved. Methods return copies.
/// </summary>
public interface ICustomerGroupStore
{
    /// <summary>Inserts a group; <see cref="StoreWriteOutcome.DuplicateName"/> when the merchant has one with the same normalized name.</summary>
    Task<StoreWriteOutcome> CreateAsync(CustomerGroup group, CancellationToken cancellationToken);

    /// <summary>Replaces a group when the stored version equals <paramref name="expectedVersion"/>; the group passed in carries the next version.</summary>
    Task<StoreWriteOutcome> UpdateAsync(CustomerGroup group, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Removes a group when the stored version equals <paramref name="expectedVersion"/>. Does not touch customers.</summary>
    Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid groupId, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Finds a group by id.</summary>
    Task<CustomerGroup?> FindByIdAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken);

    /// <summary>Finds a group by normalized name.</summary>
    Task<CustomerGroup?> FindByNormalizedNameAsync(MerchantId merchantId, string normalizedName, CancellationToken cancellationToken);

    /// <summary>Every group of the merchant, ordered by normalized name.</summary>
    Task<IReadOnlyList<CustomerGroup>> ListAsync(MerchantId merchantId, CancellationToken cancellationToken);

    /// <summary>The number of customers per group, for the merchant's groups that have any (one grouped query).</summary>
    Task<IReadOnlyDictionary<Guid, int>> CountMembersAsync(MerchantId merchantId, CancellationToken cancellationToken);

    /// <summary>The ids of the customers in a group, ordered by id.</summary>
    Task<IReadOnlyList<Guid>> ListMemberIdsAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken);
}
