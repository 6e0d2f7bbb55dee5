namespace CustomerCore.Credit;

/// <summary>What a ledger entry records.</summary>
public enum LedgerEntryType
{
    /// <summary>A sale charged to a credit line (the balance owed goes up).</summary>
    Charge = 1,
    /// <summary>A payment on a credit line (the balance owed goes down).</summary>
    Payment = 2,
    /// <summary>Store credit given to the customer.</summary>
    Issue = 3,
    /// <summary>Store credit spent at once.</summary>
    Redeem = 4,
    /// <summary>Store credit reserved for a sale in progress; the balance is unchanged, the spendable amount goes down.</summary>
    Hold = 5,
    /// <summary>A hold turned into a redemption (all or part of it); the rest of the hold is released.</summary>
    Capture = 6,
    /// <summary>A hold given back without spending it.</summary>
    Release = 7,
    /// <summary>A correction by staff, with a reason; corrections are new entries, never edits.</summary>
    Adjustment = 8,
}

/// <summary>
/// One immutable ledger entry. Stores insert entries and never update or delete them. The account's balance is the sum of
/// <see cref="Amount"/>, its held amount the sum of <see cref="HeldChange"/>.
/// </summary>
public sealed class LedgerEntry
{
    /// <summary>Identifies the entry (a time-ordered version 7 GUID).</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant that owns the entry.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The account posted to.</summary>
    public Guid AccountId { get; set; }
    /// <summary>The account's <see cref="LedgerAccount.Version"/> after this entry; increasing per account (gaps where settings changed).</summary>
    public long Sequence { get; set; }
    /// <summary>What the entry records.</summary>
    public LedgerEntryType Type { get; set; }
    /// <summary>The signed change to the account's balance, in <see cref="Unit"/>.</summary>
    public decimal Amount { get; set; }
    /// <summary>The signed change to the account's held amount (positive for a hold, negative when it is captured or released).</summary>
    public decimal HeldChange { get; set; }
    /// <summary>The account's balance after this entry.</summary>
    public decimal BalanceAfter { get; set; }
    /// <summary>The account's held amount after this entry.</summary>
    public decimal HeldAfter { get; set; }
    /// <summary>The account's unit (currency code or points).</summary>
    public string Unit { get; set; } = string.Empty;
    /// <summary>For holds and the captures and releases that settle them: the hold entry's id.</summary>
    public Guid? HoldId { get; set; }
    /// <summary>The caller's key for this posting; unique per merchant.</summary>
    public string IdempotencyKey { get; set; } = string.Empty;
    /// <summary>A hash of the request that produced the entry, to tell a retry from a reused key.</summary>
    public string RequestHash { get; set; } = string.Empty;
    /// <summary>The sale, receipt or document the entry belongs to.</summary>
    public string? Reference { get; set; }
    /// <summary>A note, or the reason of an adjustment.</summary>
    public string? Note { get; set; }
    /// <summary>Why a charge was allowed over the credit limit (policy <see cref="CreditLimitPolicy.Warn"/>).</summary>
    public string? OverrideReason { get; set; }
    /// <summary>When the entry was posted.</summary>
    public DateTimeOffset PostedAt { get; set; }
    /// <summary>Who posted it (<see cref="Security.ICustomerCoreAccessContext.ActorId"/>).</summary>
    public string PostedBy { get; set; } = string.Empty;

    /// <summary>A copy, so a store never shares mutable state with its callers.</summary>
    public LedgerEntry Clone() => (LedgerEntry)MemberwiseClone();
}
