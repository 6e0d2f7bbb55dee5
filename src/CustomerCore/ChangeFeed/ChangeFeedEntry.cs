using CustomerCore.Discounts;

namespace CustomerCore.ChangeFeed;

/// <summary>
/// One committed change of a merchant's directory. Sequence numbers are per merchant, start at 1, have no gaps, and
/// are assigned in commit order: once an entry with number N has been read, no entry with a number below N commits
/// later. A till keeps the directory offline by applying entries in order (see <see cref="TillDirectory"/>).
/// </summary>
public sealed class ChangeFeedEntry
{
    /// <summary>The merchant's sequence number of the change; 0 until the store numbers it.</summary>
    public long Sequence { get; set; }
    /// <summary>The merchant the change belongs to.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>What happened.</summary>
    public ChangeKind Kind { get; set; }
    /// <summary>The customer the change is about, or the group for group changes.</summary>
    public Guid EntityId { get; set; }
    /// <summary>When the change was made.</summary>
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>
    /// For customer changes, the customer as a till needs it after the change; null when the customer no longer exists
    /// (removed, merged away) and in entries redacted by an erasure (a tombstone).
    /// </summary>
    public TillCustomerSnapshot? Customer { get; set; }
    /// <summary>For group changes, the group after the change; null when it was deleted.</summary>
    public TillGroupSnapshot? Group { get; set; }

    /// <summary>A copy, so a store never shares an entry with its callers (snapshots are immutable records).</summary>
    public ChangeFeedEntry Clone() => (ChangeFeedEntry)MemberwiseClone();

    /// <summary>Whether the entry is about a customer (rather than a group).</summary>
    public bool IsCustomerChange => Kind is not (ChangeKind.GroupCreated or ChangeKind.GroupRenamed or ChangeKind.GroupDiscountChanged or ChangeKind.GroupDeleted);
}

/// <summary>What a till needs to identify a customer offline and apply their discount, points and store credit.</summary>
public sealed record TillCustomerSnapshot
{
    /// <summary>The customer's id.</summary>
    public Guid Id { get; init; }
    /// <summary>The customer's <see cref="Customers.Customer.Version"/> after the change.</summary>
    public long Version { get; init; }
    /// <summary>Given name.</summary>
    public string? FirstName { get; init; }
    /// <summary>Family name.</summary>
    public string? LastName { get; init; }
    /// <summary>Display name.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Company name.</summary>
    public string? CompanyName { get; init; }
    /// <summary>Email as entered.</summary>
    public string? Email { get; init; }
    /// <summary>Main phone as entered (kept so "last digits" match what was typed).</summary>
    public string? Phone { get; init; }
    /// <summary>Main phone in E.164, when it could be parsed.</summary>
    public string? PhoneE164 { get; init; }
    /// <summary>Second phone in E.164, when valid.</summary>
    public string? SecondaryPhoneE164 { get; init; }
    /// <summary>The merchant's own reference for the customer.</summary>
    public string? CustomerCode { get; init; }
    /// <summary>Postal code as entered.</summary>
    public string? PostalCode { get; init; }
    /// <summary>The customer's group.</summary>
    public Guid? GroupId { get; init; }
    /// <summary>The customer's own discount.</summary>
    public Discount? PersonalDiscount { get; init; }
    /// <summary>The loyalty points balance.</summary>
    public decimal Points { get; init; }
    /// <summary>Spendable store credit per currency (balance minus what is held), currencies with an account only.</summary>
    public IReadOnlyList<Money> StoreCredit { get; init; } = [];
    /// <summary>Whether the customer's personal data was erased (such a customer is never found by a search).</summary>
    public bool Erased { get; init; }
    /// <summary>The customer's named preferences ("size: M", "receipt: email"), for the cashier to see at the sale.</summary>
    public IReadOnlyList<Customers.CustomerPreference> Preferences { get; init; } = [];
}

/// <summary>A customer group as a till needs it.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Discount">The discount members get, if any.</param>
public sealed record TillGroupSnapshot(Guid Id, string Name, Discount? Discount);
