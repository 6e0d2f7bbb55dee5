using CustomerCore.ChangeFeed;

namespace CustomerCore.Stores;

/// <summary>
/// Persists the per-merchant change feed. Core reserves numbers and inserts the entries of a unit of work just before it
/// commits, inside the open store transaction; a ledger posting reserves none at its start, to take the merchant's turn.
/// </summary>
public interface IChangeFeedStore
{
    /// <summary>
    /// Takes the merchant's next <paramref name="count"/> sequence numbers and returns the last one taken (the current
    /// last number when <paramref name="count"/> is 0). Must be called inside an open store transaction, and must hold back
    /// every other caller for the same merchant until that transaction ends (for example by updating a per-merchant
    /// counter row), so that numbers commit in order and a rolled-back transaction leaves no gap.
    /// </summary>
    /// <exception cref="InvalidOperationException">No store transaction is open.</exception>
    Task<long> ReserveAsync(MerchantId merchantId, int count, CancellationToken cancellationToken);

    /// <summary>Inserts entries already numbered with reserved sequence numbers.</summary>
    Task InsertAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<ChangeFeedEntry>> ReadAsync(MerchantId merchantId, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Removes the customer snapshot from every entry about <paramref name="customerId"/> (used by erasure;
    /// the entries stay as tombstones).</summary>
    Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);
}
