using CustomerCore.Customers;

namespace CustomerCore.Stores;

/// <summary>Persists merge records, so a merged-away id keeps resolving and a merge can be undone.</summary>
public interface ICustomerMergeStore
{
    /// <summary>Inserts a record.</summary>
    Task CreateAsync(CustomerMergeRecord record, CancellationToken cancellationToken);

    /// <summary>Marks a record undone (sets <see cref="CustomerMergeRecord.UndoneAt"/> and <see cref="CustomerMergeRecord.UndoneBy"/>).</summary>
    Task<StoreWriteOutcome> MarkUndoneAsync(MerchantId merchantId, Guid mergeId, DateTimeOffset undoneAt, string undoneBy, CancellationToken cancellationToken);

    /// <summary>Replaces with <paramref name="redacted"/> every before-image of <paramref name="customerId"/>, and both
    /// before-images of every merge into it (the customer merged away was the same person), in the merchant's merge
    /// records. Used when the customer's personal data is erased.</summary>
    Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, Customer redacted, CancellationToken cancellationToken);

    /// <summary>Finds a record by id.</summary>
    Task<CustomerMergeRecord?> FindAsync(MerchantId merchantId, Guid mergeId, CancellationToken cancellationToken);

    /// <summary>The ids of the customers merged into <paramref name="keptId"/> by merges not undone (one step; the caller
    /// follows chains). Erasure uses it: a duplicate merged into a customer was the same person.</summary>
    Task<IReadOnlyList<Guid>> ListRemovedIntoAsync(MerchantId merchantId, Guid keptId, CancellationToken cancellationToken);

    /// <summary>The merge, not undone, that removed <paramref name="removedId"/>.</summary>
    Task<CustomerMergeRecord?> FindActiveByRemovedIdAsync(MerchantId merchantId, Guid removedId, CancellationToken cancellationToken);
}
