using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Loyalty;
using CustomerCore.Privacy;

namespace CustomerCore.Merchants;

/// <summary>The rules one merchant runs under. Hosts with per-merchant configuration supply them through
/// <see cref="IMerchantSettingsProvider"/>; otherwise every merchant gets <see cref="CustomerCoreOptions"/>.</summary>
public sealed record MerchantSettings
{
    /// <summary>ISO 3166 region for phone numbers typed without a country code (for example <c>GB</c>).</summary>
    public string DefaultRegion { get; init; } = "US";

    /// <summary>Which customer fields must be filled.</summary>
    public RequiredFieldPolicy RequiredFields { get; init; } = RequiredFieldPolicy.AnyOfNameEmailPhone;

    /// <summary>How email marketing consent is collected.</summary>
    public ConsentPolicy ConsentPolicy { get; init; } = ConsentPolicy.ExplicitOptIn;

    /// <summary>How long after payment a customer may still be attached to a ticket (a past receipt). Default 30 days.</summary>
    public TimeSpan TicketAttachWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The loyalty programme; off by default.</summary>
    public LoyaltyProgram Loyalty { get; init; } = new();
    /// <summary>Which discount applies when both the customer and their group have one.</summary>
    public DiscountPrecedence DiscountPrecedence { get; init; } = DiscountPrecedence.PersonalWins;

    /// <summary>What happens when a charge would take a credit line over its limit.</summary>
    public CreditLimitPolicy CreditLimitPolicy { get; init; } = CreditLimitPolicy.Block;
}

/// <summary>Supplies <see cref="MerchantSettings"/> per merchant.</summary>
public interface IMerchantSettingsProvider
{
    /// <summary>The settings of a merchant.</summary>
    ValueTask<MerchantSettings> GetSettingsAsync(MerchantId merchantId, CancellationToken cancellationToken);
}
