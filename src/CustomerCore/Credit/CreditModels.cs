namespace CustomerCore.Credit;

/// <summary>The settings of a credit line, when it is opened or changed.</summary>
/// <param name="Name">Shown to staff, unique per customer with case ignored (for example "House account").</param>
/// <param name="Limit">The most the customer may owe; its currency is the line's and cannot change later.</param>
/// <param name="PaymentTermDays">Days a charge may stay unpaid before it counts as overdue (0 to 3650).</param>
/// <param name="IsActive">Whether new charges are accepted.</param>
public sealed record CreditLineInput(string Name, Money Limit, int PaymentTermDays, bool IsActive = true);

/// <summary>What every ledger posting carries besides its amount.</summary>
/// <param name="IdempotencyKey">
/// The caller's unique key for this posting (for example the till id and receipt line). Sending the same key with the
/// same request again returns the first result without posting again; the same key with a different request fails with
/// <see cref="CustomerErrorCodes.IdempotencyKeyReused"/>.
/// </param>
public sealed record LedgerPostingDetails(string IdempotencyKey)
{
    /// <summary>The longest idempotency key accepted.</summary>
    public const int IdempotencyKeyMaxLength = 128;
    /// <summary>The longest reference accepted.</summary>
    public const int ReferenceMaxLength = 100;
    /// <summary>The longest note or override reason accepted.</summary>
    public const int NoteMaxLength = 500;

    /// <summary>The sale, receipt or document the posting belongs to.</summary>
    public string? Reference { get; init; }
    /// <summary>A note for staff.</summary>
    public string? Note { get; init; }
    /// <summary>Why a charge may pass the credit limit (only under <see cref="CreditLimitPolicy.Warn"/>); recorded on the entry.</summary>
    public string? OverrideReason { get; init; }
}

/// <summary>The result of a ledger posting.</summary>
/// <param name="Entry">The entry posted, or on a replay the entry the first request posted.</param>
/// <param name="Account">The account after the entry (on a replay: as it is now).</param>
/// <param name="Replayed">Whether the idempotency key had been used for the same request and nothing new was posted.</param>
public sealed record LedgerPosting(LedgerEntry Entry, LedgerAccount Account, bool Replayed)
{
    /// <summary>Whether a charge went over the credit limit with an override reason.</summary>
    public bool LimitOverridden => Entry.OverrideReason is not null;
}

/// <summary>Where a credit line stands.</summary>
/// <param name="Account">The credit line.</param>
/// <param name="Balance">What the customer owes.</param>
/// <param name="Limit">The credit limit.</param>
/// <param name="AvailableCredit">How much more may be charged within the limit (zero when at or over it).</param>
/// <param name="Overdue">Charges older than the payment term not yet covered by payments (oldest paid first).</param>
/// <param name="OldestOverdueSince">When the oldest overdue charge was posted; null when nothing is overdue.</param>
public sealed record CreditLineStatus(
    LedgerAccount Account, Money Balance, Money Limit, Money AvailableCredit, Money Overdue, DateTimeOffset? OldestOverdueSince);

/// <summary>A customer's store credit in one currency.</summary>
/// <param name="AccountId">The store credit account; null when none was ever issued.</param>
/// <param name="Balance">What the merchant owes the customer.</param>
/// <param name="Held">Reserved for sales in progress.</param>
/// <param name="Available">What can be spent now: balance minus held.</param>
public sealed record StoreCreditBalance(Guid? AccountId, Money Balance, Money Held, Money Available);

/// <summary>An account's entries over a period, with the balances around them.</summary>
/// <param name="Account">The account.</param>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="OpeningBalance">The balance just before <paramref name="From"/>.</param>
/// <param name="Entries">The entries posted in the period, oldest first.</param>
/// <param name="ClosingBalance">The balance after the last entry of the period.</param>
public sealed record LedgerStatement(
    LedgerAccount Account, DateTimeOffset From, DateTimeOffset To, decimal OpeningBalance, IReadOnlyList<LedgerEntry> Entries, decimal ClosingBalance);
