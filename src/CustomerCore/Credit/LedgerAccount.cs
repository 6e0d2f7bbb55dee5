namespace CustomerCore.Credit;

/// <summary>What a ledger account holds.</summary>
public enum LedgerAccountKind
{
    /// <summary>A house account: the customer buys now and pays later; the balance is what the customer owes.</summary>
    CreditLine = 0,
    /// <summary>Store credit: the balance is what the merchant owes the customer (refunds, gift credit).</summary>
    StoreCredit = 1,
    /// <summary>Loyalty points (unit <see cref="LedgerAccount.PointsUnit"/>); reserved for the loyalty ledger.</summary>
    Loyalty = 2,
}

/// <summary>
/// One ledger account of a customer: a credit line, a store credit balance in one currency, or (later) loyalty points.
/// <see cref="Balance"/>, <see cref="Held"/> and <see cref="Version"/> are a cache of the account's entries that stores
/// update only together with an entry append, guarded by the version the service read.
/// </summary>
public sealed class LedgerAccount
{
    /// <summary>The <see cref="Unit"/> of loyalty accounts.</summary>
    public const string PointsUnit = "POINTS";

    /// <summary>Identifies the account (a time-ordered version 7 GUID).</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant that owns the account.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The customer the account belongs to.</summary>
    public Guid CustomerId { get; set; }
    /// <summary>What the account holds.</summary>
    public LedgerAccountKind Kind { get; set; }
    /// <summary>What amounts count: an upper-case ISO 4217 currency code, or <see cref="PointsUnit"/>.</summary>
    public string Unit { get; set; } = string.Empty;
    /// <summary>The name shown to staff (a credit line's name; the currency code for store credit).</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>Upper-cased <see cref="Name"/>; unique per merchant, customer and <see cref="Kind"/>.</summary>
    public string NormalizedName { get; set; } = string.Empty;
    /// <summary>A credit line's limit in <see cref="Unit"/>; null for accounts without one.</summary>
    public decimal? Limit { get; set; }
    /// <summary>Days a credit line charge may stay unpaid before it is overdue.</summary>
    public int PaymentTermDays { get; set; }
    /// <summary>Whether new charges are accepted (payments always are).</summary>
    public bool IsActive { get; set; } = true;
    /// <summary>The sum of the entries' <see cref="LedgerEntry.Amount"/>.</summary>
    public decimal Balance { get; set; }
    /// <summary>The sum of the entries' <see cref="LedgerEntry.HeldChange"/>: amounts held for sales in progress.</summary>
    public decimal Held { get; set; }
    /// <summary>Increases by one on every append and every settings change; the optimistic-concurrency token.</summary>
    public long Version { get; set; }
    /// <summary>When the account was opened.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the account last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who opened the account.</summary>
    public string? CreatedBy { get; set; }
    /// <summary>Who last changed the account.</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>What can still be spent: <see cref="Balance"/> minus <see cref="Held"/> (store credit and points).</summary>
    public decimal Spendable => Balance - Held;

    /// <summary>A copy, so a store never shares mutable state with its callers.</summary>
    public LedgerAccount Clone() => (LedgerAccount)MemberwiseClone();
}
