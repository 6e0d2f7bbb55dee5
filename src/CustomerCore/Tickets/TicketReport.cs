namespace CustomerCore.Tickets;

/// <summary>
/// The state of a ticket as the POS sees it now. Reports are idempotent: sending the same state twice changes
/// nothing, so the POS can resend after a timeout without double counting.
/// </summary>
public sealed record TicketReport
{
    /// <summary>The POS's ticket id (1–128 characters).</summary>
    public required string TicketReference { get; init; }
    /// <summary>Where the sale happens.</summary>
    public string? LocationId { get; init; }
    /// <summary>The ticket's state.</summary>
    public TicketStatus Status { get; init; } = TicketStatus.Open;
    /// <summary>The ticket total (not negative).</summary>
    public required decimal Total { get; init; }
    /// <summary>ISO 4217 currency.</summary>
    public required string Currency { get; init; }
    /// <summary>Total refunded so far (cumulative, not this refund alone), 0 to <see cref="Total"/>.</summary>
    public decimal RefundedAmount { get; init; }
    /// <summary>Number of lines; when <see cref="Lines"/> are given and this is 0, their count.</summary>
    public int LineCount { get; init; }
    /// <summary>
    /// The ticket's lines (at most <see cref="TicketLinkService.MaxLinesPerTicket"/>), with the quantities returned so far.
    /// Null or empty keeps the lines already recorded. Once the ticket is paid, only the returned quantities may change,
    /// and only grow.
    /// </summary>
    public IReadOnlyList<TicketLineReport>? Lines { get; init; }
    /// <summary>When the ticket was opened; defaults to now on first report.</summary>
    public DateTimeOffset? OpenedAt { get; init; }
    /// <summary>When it was paid; defaults to now when first reported completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>A customer's visits and spend, derived from their ticket links and loyalty ledger.</summary>
/// <param name="FirstVisit">Time of the first paid ticket.</param>
/// <param name="LastVisit">Time of the latest paid ticket.</param>
/// <param name="VisitCount">Paid tickets not wholly refunded.</param>
/// <param name="TotalSpent">Sum of totals less refunds of those tickets, per currency.</param>
/// <param name="PointsBalance">Loyalty points balance.</param>
public sealed record CustomerStatistics(
    DateTimeOffset? FirstVisit,
    DateTimeOffset? LastVisit,
    int VisitCount,
    IReadOnlyDictionary<string, decimal> TotalSpent,
    decimal PointsBalance);

/// <summary>Aggregates a store computes over one customer's paid tickets.</summary>
/// <param name="FirstVisit">Earliest paid time.</param>
/// <param name="LastVisit">Latest paid time.</param>
/// <param name="VisitCount">Number of visits.</param>
/// <param name="SpentByCurrency">Net spent per currency.</param>
public sealed record TicketAggregate(DateTimeOffset? FirstVisit, DateTimeOffset? LastVisit, int VisitCount, IReadOnlyDictionary<string, decimal> SpentByCurrency);

/// <summary>A page of purchase history, newest first.</summary>
/// <param name="Items">The tickets on this page.</param>
/// <param name="NextCursor">Pass to get the next page; null on the last page.</param>
public sealed record PurchaseHistoryPage(IReadOnlyList<TicketLink> Items, string? NextCursor);

/// <summary>Options for attaching a customer to a ticket.</summary>
public sealed record AttachOptions
{
    /// <summary>When the ticket already belongs to another customer, move it (with its history and points) instead of failing.</summary>
    public bool MoveFromAnotherCustomer { get; init; }
}
