using CustomerCore.ChangeFeed;

namespace CustomerCore.Stores;

/// <summary>
/// Persists the per-merchant change feed. Core appends the entries of a unit of work just before it commits, inside the
/// open store transaction.
/// </summary>
public interface IChangeFeedStore
{
    /// <summary>
    /// Numbers <paramref name="entries"/> with the merchant's next sequence numbers (setting
    /// <see cref="ChangeFeedEntry.Sequence"/>, in list order) and inserts them. The numbering must hold back every other
    /// appender of the same merchant until this transaction ends (for example by updating a per-merchant counter row), so
    /// that numbers commit in order and a rolled-back transaction leaves no gap.
    /// </summary>
    Task AppendAsync(MerchantId merchantId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<ChangeFeedEntry>> ReadAsync(MerchantId merchantId, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Removes the customer snapshot from every entry about <paramref name="customerId"/> (used by erasure;
    /// the entries stay as tombstones).</summary>
    Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);
}
