using CustomerCore.Tickets;

namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// One ticket line in its own row. Beside the line it carries copies of the ticket facts that decide whom it counts for
/// (the customer, when the ticket is paid and the line not wholly returned; else null), when it was paid and in which
/// currency, so the purchase queries read one indexed range of lines without touching the tickets. The ticket store
/// rewrites a ticket's rows whenever it writes the ticket.
/// </summary>
internal sealed class TicketLineRow
{
    public MerchantId MerchantId { get; set; }

    public Guid TicketId { get; set; }

    public int LineNumber { get; set; }

    public string Sku { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string? Category { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal LineTotal { get; set; }

    public decimal ReturnedQuantity { get; set; }

    public Guid? KeptByCustomerId { get; set; }

    public long SoldAt { get; set; }

    public string Currency { get; set; } = string.Empty;

    public static TicketLineRow From(TicketLink link, TicketLine line) => new()
    {
        MerchantId = link.MerchantId,
        TicketId = link.Id,
        LineNumber = line.LineNumber,
        Sku = line.Sku,
        Description = line.Description,
        Category = line.Category,
        Quantity = line.Quantity,
        UnitPrice = line.UnitPrice,
        LineTotal = line.LineTotal,
        ReturnedQuantity = line.ReturnedQuantity,
        KeptByCustomerId = link.IsVisit && line.KeptQuantity > 0m ? link.CustomerId : null,
        SoldAt = link.SortTime.UtcTicks,
        Currency = link.Currency,
    };

    public TicketLine ToLine() => new()
    {
        LineNumber = LineNumber,
        Sku = Sku,
        Description = Description,
        Category = Category,
        Quantity = Quantity,
        UnitPrice = UnitPrice,
        LineTotal = LineTotal,
        ReturnedQuantity = ReturnedQuantity,
    };

    public KeptTicketLine ToKeptLine() => new(TicketId, Currency, new DateTimeOffset(SoldAt, TimeSpan.Zero), ToLine());
}
