using CustomerCore.Importing;

namespace CustomerCore.Stores;

/// <summary>
/// Persists applied import batches so they can be undone: a header per batch and one entry per touched customer.
/// Every method is scoped to one merchant; writes take part in the ambient <see cref="ICustomerCoreUnitOfWork"/>.
/// </summary>
public interface IImportBatchStore
{
    /// <summary>Inserts a batch header.</summary>
    Task CreateAsync(ImportBatch batch, CancellationToken cancellationToken);

    /// <summary>Replaces a batch header (for example to mark it undone). Returns <see cref="StoreWriteOutcome.NotFound"/>
    /// when the merchant has no such batch.</summary>
    Task<StoreWriteOutcome> UpdateAsync(ImportBatch batch, CancellationToken cancellationToken);

    /// <summary>Drops the before-images kept for undoing imports of <paramref name="customerId"/> (used when the customer's
    /// personal data is erased; those imports can then no longer be undone for that customer).</summary>
    Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);

    /// <summary>Finds a batch header by id.</summary>
    Task<ImportBatch?> FindByIdAsync(MerchantId merchantId, Guid batchId, CancellationToken cancellationToken);

    /// <summary>Inserts entries of a batch whose header exists (one chunk of rows at a time).</summary>
    Task AddEntriesAsync(IReadOnlyCollection<ImportBatchEntry> entries, CancellationToken cancellationToken);

    /// <summary>A page of a batch's entries with a customer id greater than <paramref name="afterCustomerId"/>,
    /// ordered by customer id (keyset paging).</summary>
    Task<IReadOnlyList<ImportBatchEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid batchId, Guid? afterCustomerId, int limit, CancellationToken cancellationToken);
}
