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
    /// <summary>Every item total of a customer.</summary>
    Task<IReadOnlyList<CustomerItemTotal>> ListAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);

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
