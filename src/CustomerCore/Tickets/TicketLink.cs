namespace CustomerCore.Tickets;

/// <summary>Where a sale is in its life, as the POS reports it.</summary>
public enum TicketStatus
{
    /// <summary>Being rung up; not paid yet.</summary>
    Open = 0,
    /// <summary>Paid.</summary>
    Completed = 1,
    /// <summary>Paid, and part of it refunded.</summary>
    PartiallyRefunded = 2,
    /// <summary>Paid, then refunded in full.</summary>
    Refunded = 3,
    /// <summary>Cancelled before payment.</summary>
    Voided = 4,
}

/// <summary>
/// CustomerCore's record of a sales ticket the POS owns: its reference, state and totals, and which customer it is
/// linked to. The POS stays the system of record for the ticket itself.
/// </summary>
public sealed class TicketLink
{
    /// <summary>Identifies the link.</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The POS's own ticket id; unique per merchant.</summary>
    public string TicketReference { get; set; } = string.Empty;
    /// <summary>The store, till or location the sale happened at.</summary>
    public string? LocationId { get; set; }
    /// <summary>The linked customer, if any.</summary>
    public Guid? CustomerId { get; set; }
    /// <summary>When the current customer was attached.</summary>
    public DateTimeOffset? AttachedAt { get; set; }
    /// <summary>The ticket's state.</summary>
    public TicketStatus Status { get; set; }
    /// <summary>The ticket total in major units of <see cref="Currency"/>.</summary>
    public decimal Total { get; set; }
    /// <summary>How much of the total has been refunded so far.</summary>
    public decimal RefundedAmount { get; set; }
    /// <summary>ISO 4217 currency of the amounts.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>Number of lines on the ticket.</summary>
    public int LineCount { get; set; }
    /// <summary>When the ticket was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }
    /// <summary>When it was paid.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>When CustomerCore last recorded a change.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The customer credited with loyalty points for this ticket (may lag <see cref="CustomerId"/> only inside a unit of work).</summary>
    public Guid? PointsCustomerId { get; set; }
    /// <summary>Points currently credited for this ticket.</summary>
    public decimal PointsAwarded { get; set; }
    /// <summary>Increases by one on every change.</summary>
    public long Version { get; set; }
    /// <summary>The ticket's lines, when the POS reported them; empty otherwise.</summary>
    public IReadOnlyList<TicketLine> Lines { get; set; } = [];

    /// <summary>What the customer actually spent on this ticket: the total less refunds, for paid tickets only.</summary>
    public decimal NetSpent => IsVisit ? Total - RefundedAmount : 0m;

    /// <summary>Whether the ticket counts as a visit: paid and not wholly refunded.</summary>
    public bool IsVisit => Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded;

    /// <summary>The time the ticket sorts by in purchase history: paid time, else opened time.</summary>
    public DateTimeOffset SortTime => CompletedAt ?? OpenedAt;

    /// <summary>A copy, so a store never shares mutable state with callers.</summary>
    public TicketLink Clone() => (TicketLink)MemberwiseClone();
}
