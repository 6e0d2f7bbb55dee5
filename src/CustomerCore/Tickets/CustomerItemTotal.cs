namespace CustomerCore.Tickets;

/// <summary>
/// What one customer has bought of one item in one currency, over all time: the sum of the contributions of their paid
/// tickets, kept up to date by every ticket change so that the frequently-bought list is one indexed read.
/// </summary>
public sealed class CustomerItemTotal
{
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer.</summary>
    public Guid CustomerId { get; set; }
    /// <summary>The item id.</summary>
    public string Sku { get; set; } = string.Empty;
    /// <summary>The currency of <see cref="Spent"/>.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>Paid tickets the item was kept from.</summary>
    public int TimesBought { get; set; }
    /// <summary>Quantity kept.</summary>
    public decimal Quantity { get; set; }
    /// <summary>What was paid for what was kept.</summary>
    public decimal Spent { get; set; }
    /// <summary>When the latest of those tickets was paid.</summary>
    public DateTimeOffset LastBought { get; set; }
    /// <summary>The item's description on that ticket.</summary>
    public string Description { get; set; } = string.Empty;
    /// <summary>The item's category on that ticket.</summary>
    public string? Category { get; set; }
    /// <summary>Increases by one on every change; guards against two tills updating the same total at once.</summary>
    public long Version { get; set; }

    /// <summary>A copy, so a store never shares mutable state with callers.</summary>
    public CustomerItemTotal Clone() => (CustomerItemTotal)MemberwiseClone();
}

/// <summary>A line a customer kept from a paid ticket: the line with the ticket facts that place it.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Currency">The ticket's currency.</param>
/// <param name="SoldAt">When the ticket was paid.</param>
/// <param name="Line">The line.</param>
public sealed record KeptTicketLine(Guid TicketId, string Currency, DateTimeOffset SoldAt, TicketLine Line);
