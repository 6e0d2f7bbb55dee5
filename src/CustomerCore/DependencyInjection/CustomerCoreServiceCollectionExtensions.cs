using CustomerCore;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.DependencyInjection;
using CustomerCore.Discounts;
using CustomerCore.Groups;
using CustomerCore.Exporting;
using CustomerCore.Importing;
using CustomerCore.Loyalty;
using CustomerCore.Merchants;
using CustomerCore.Phones;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Tickets;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Placed in the framework's namespace, as ASP.NET Core Identity does, so AddCustomerCore is found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CustomerCore's services.</summary>
public static class CustomerCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the CustomerCore services. Safe to call more than once: registrations use <c>TryAdd</c> and each
    /// <paramref name="configure"/> is applied in order. Add stores with the returned builder
    /// (for example <c>.AddInMemoryStores()</c> or <c>.AddEntityFrameworkStores&lt;TContext&gt;()</c>).
    /// </summary>
    public static CustomerCoreBuilder AddCustomerCore(this IServiceCollection services, Action<CustomerCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CustomerCoreOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PhoneNormalizer>();
        services.TryAddSingleton<CustomerErrorDescriber>();
        services.TryAddSingleton<IMerchantSettingsProvider, OptionsMerchantSettingsProvider>();
        services.TryAddSingleton<ICustomerCoreAccessContext, AllowAllAccessContext>();
        services.TryAddScoped<CustomerService>();
        services.TryAddScoped<TicketLinkService>();
        services.TryAddScoped<CustomerGroupService>();
        services.TryAddScoped<DiscountService>();
        services.TryAddScoped<CreditService>();
        services.TryAddScoped<LoyaltyService>();
        services.TryAddScoped<CustomerPrivacyService>();
        services.TryAddScoped<CustomerImporter>();
        services.TryAddScoped<CustomerExporter>();
        return new CustomerCoreBuilder(services);
    }
}
