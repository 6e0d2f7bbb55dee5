using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Loyalty;
using CustomerCore.Merchants;
using CustomerCore.Privacy;

namespace CustomerCore;

/// <summary>Options set with <c>services.AddCustomerCore(o =&gt; ...)</c>; they are every merchant's settings unless
/// the host registers its own <see cref="IMerchantSettingsProvider"/>.</summary>
public sealed class CustomerCoreOptions
{
    /// <summary>ISO 3166 region for phone numbers typed without a country code. Default <c>US</c>.</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>Which customer fields must be filled. Default: any of a name, an email or a phone.</summary>
    public RequiredFieldPolicy RequiredFields { get; set; } = RequiredFieldPolicy.AnyOfNameEmailPhone;

    /// <summary>How email marketing consent is collected. Default <see cref="ConsentPolicy.ExplicitOptIn"/>.</summary>
    public ConsentPolicy ConsentPolicy { get; set; } = ConsentPolicy.ExplicitOptIn;

    /// <summary>How long after payment a customer may still be attached to a ticket. Default 30 days.</summary>
    public TimeSpan TicketAttachWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The loyalty programme; off by default.</summary>
    public LoyaltyProgram Loyalty { get; set; } = new();
    /// <summary>Which discount applies when both the customer and their group have one. Default <see cref="DiscountPrecedence.PersonalWins"/>.</summary>
    public DiscountPrecedence DiscountPrecedence { get; set; } = DiscountPrecedence.PersonalWins;

    /// <summary>What happens when a charge would take a credit line over its limit. Default <see cref="CreditLimitPolicy.Block"/>.</summary>
    public CreditLimitPolicy CreditLimitPolicy { get; set; } = CreditLimitPolicy.Block;

    /// <summary>
    /// How many times a ledger posting is tried when another till posted to the same account between the read and the
    /// write (each try re-reads the account). Default 10.
    /// </summary>
    public int LedgerWriteAttempts { get; set; } = 10;

    /// <summary>
    /// The highest value <see cref="MaxPostingAmount"/> and <see cref="MaxAccountBalance"/> may be set to, and the largest
    /// amount <see cref="MoneyParser"/> reads: 10^14. An amount up to it, and the sum of two of them, fit the EF adapter's
    /// amount columns (19 digits, 4 of them decimals) and stay far from where <see cref="decimal"/> arithmetic overflows.
    /// </summary>
    public const decimal AmountCeiling = 100_000_000_000_000m;

    /// <summary>
    /// The largest amount one ledger posting may move, in the account's unit (major units of its currency, or points).
    /// A bigger posting is refused with <see cref="CustomerErrorCodes.AmountTooLarge"/> before anything is read or
    /// written. The same bound applies to a ticket total and to a fixed-amount discount. Merges move whole balances and
    /// are bounded by <see cref="MaxAccountBalance"/> instead. Default 1,000,000,000; at most <see cref="AmountCeiling"/>.
    /// </summary>
    public decimal MaxPostingAmount { get; set; } = 1_000_000_000m;

    /// <summary>
    /// The largest balance a ledger account (credit line, store credit, points) may reach, in its unit. A posting that
    /// would raise a balance over it is refused with <see cref="CustomerErrorCodes.BalanceLimitExceeded"/> and the ledger
    /// is unchanged; postings that lower a balance are always accepted. A credit limit may not exceed it either.
    /// Default 1,000,000,000; at most <see cref="AmountCeiling"/>.
    /// </summary>
    public decimal MaxAccountBalance { get; set; } = 1_000_000_000m;

    /// <summary>The settings these options describe.</summary>
    public MerchantSettings ToMerchantSettings() => new()
    {
        DefaultRegion = DefaultRegion,
        RequiredFields = RequiredFields,
        ConsentPolicy = ConsentPolicy,
        TicketAttachWindow = TicketAttachWindow,
        Loyalty = Loyalty,
        DiscountPrecedence = DiscountPrecedence,
        CreditLimitPolicy = CreditLimitPolicy,
    };
}
