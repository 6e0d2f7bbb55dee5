using CustomerCore.Tickets;

namespace CustomerCore.Stores;

/// <summary>Persists ticket links. References arrive trimmed; lookups compare them exactly.</summary>
public interface ITicketLinkStore
{
    /// <summary>Finds a link by the POS ticket reference.</summary>
    Task<TicketLink?> FindByReferenceAsync(MerchantId merchantId, string ticketReference, CancellationToken cancellationToken);

    /// <summary>Inserts a link; <see cref="StoreWriteOutcome.DuplicateKey"/> when the reference exists.</summary>
    Task<StoreWriteOutcome> CreateAsync(TicketLink link, CancellationToken cancellationToken);

    /// <summary>Replaces a link when the stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteOutcome> UpdateAsync(TicketLink link, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// A customer's tickets newest first by (<see cref="TicketLink.SortTime"/>, <see cref="TicketLink.Id"/>), starting
    /// strictly after the given position when one is given.
    /// </summary>
    Task<IReadOnlyList<TicketLink>> ListByCustomerAsync(
        MerchantId merchantId, Guid customerId, (DateTimeOffset SortTime, Guid Id)? after, int limit, CancellationToken cancellationToken);

    /// <summary>Visit aggregates over a customer's paid tickets.</summary>
    Task<TicketAggregate> AggregateAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken);
}
