using CustomerCore.Customers;
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

    /// <summary>The settings these options describe.</summary>
    public MerchantSettings ToMerchantSettings() => new()
    {
        DefaultRegion = DefaultRegion,
        RequiredFields = RequiredFields,
        ConsentPolicy = ConsentPolicy,
        TicketAttachWindow = TicketAttachWindow,
    };
}
