using CustomerCore.Tickets;

namespace CustomerCore.Stores;

/// <summary>
/// Reads what customers bought: the per-customer item totals the ticket writer maintains, and the kept lines of their
/// paid tickets. A line counts as kept for a customer while its ticket is linked to them, is paid and not wholly
/// refunded (<see cref="TicketLink.IsVisit"/>), and the line has quantity left (<see cref="TicketLine.KeptQuantity"/> above zero);
/// the ticket store keeps whatever it needs for that in step with every link it writes.
/// </summary>
public interface ICustomerItemTotalStore
{
    /// <summary>
    /// The totals (in every currency) of the customer's items that can rank among the first <paramref name="take"/> by
    /// <paramref name="rankBy"/>: every item whose ranking figure (times bought, or quantity), summed over its currencies,
    /// is at least the <paramref name="take"/>-th largest such figure of the customer. Items tied at that figure are all
    /// returned, so the caller's full ranking decides between them. A store may return more items than that (every
    /// total of the customer is correct, only slower); it must not return fewer.
    /// </summary>
    Task<IReadOnlyList<CustomerItemTotal>> ListLeadingAsync(
        MerchantId merchantId, Guid customerId, PurchaseRanking rankBy, int take, CancellationToken cancellationToken);

    /// <summary>The customer's totals for the given items (any currency).</summary>
    Task<IReadOnlyList<CustomerItemTotal>> FindAsync(MerchantId merchantId, Guid customerId, IReadOnlyCollection<string> skus, CancellationToken cancellationToken);

    /// <summary>
    /// Writes item totals: a total with <see cref="CustomerItemTotal.Version"/> 1 is inserted, any other replaces the
    /// stored one whose version is one less; <paramref name="deletes"/> are removed when still at their version.
    /// <see cref="StoreWriteOutcome.VersionConflict"/> when another writer got there first (nothing is written then).
    /// </summary>
    Task<StoreWriteOutcome> SaveAsync(IReadOnlyList<CustomerItemTotal> upserts, IReadOnlyList<CustomerItemTotal> deletes, CancellationToken cancellationToken);

    /// <summary>The customer's most recently paid kept line of an item in a currency (ties: any of them), or null.</summary>
    Task<KeptTicketLine?> FindLatestKeptLineAsync(MerchantId merchantId, Guid customerId, string sku, string currency, CancellationToken cancellationToken);

    /// <summary>The customer's kept lines on tickets paid at or after <paramref name="since"/> (all when null), in no particular order.</summary>
    Task<IReadOnlyList<KeptTicketLine>> ListKeptLinesAsync(MerchantId merchantId, Guid customerId, DateTimeOffset? since, CancellationToken cancellationToken);
}
