using CustomerCore;
using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
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
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
        AddInternalComponents(services);

        // The services' constructors are internal (their dependencies are core's own components), so they are built here.
        services.TryAddScoped(sp => new CustomerService(
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<IConsentHistoryStore>(), sp.GetRequiredService<ICustomerCoreUnitOfWork>(),
            sp.GetRequiredService<ITicketLinkStore>(), sp.GetRequiredService<ICustomerMergeStore>(), sp.GetRequiredService<ICreditLedgerStore>(),
            sp.GetRequiredService<CustomerRules>(), sp.GetRequiredService<CustomerWriter>(), sp.GetRequiredService<LedgerPoster>(),
            sp.GetRequiredService<TicketLinkWriter>(), sp.GetRequiredService<IMerchantSettingsProvider>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<PhoneNormalizer>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<CustomerService>>()));
        services.TryAddScoped(sp => new TicketLinkService(
            sp.GetRequiredService<ITicketLinkStore>(), sp.GetRequiredService<ICustomerStore>(),
            sp.GetRequiredService<IMerchantSettingsProvider>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LoyaltyPoints>(), sp.GetRequiredService<TicketLinkWriter>(),
            sp.GetRequiredService<MoneyRules>(), sp.GetRequiredService<ICustomerItemTotalStore>()));
        services.TryAddScoped(sp => new CustomerGroupService(
            sp.GetRequiredService<ICustomerGroupStore>(), sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<CustomerWriter>(),
            sp.GetRequiredService<ChangeRecorder>(), sp.GetRequiredService<ICustomerCoreUnitOfWork>(), sp.GetRequiredService<PermissionGuard>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MoneyRules>()));
        services.TryAddScoped(sp => new DiscountService(
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<ICustomerGroupStore>(), sp.GetRequiredService<CustomerWriter>(),
            sp.GetRequiredService<IMerchantSettingsProvider>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>(),
            sp.GetRequiredService<MoneyRules>()));
        services.TryAddScoped(sp => new CreditService(
            sp.GetRequiredService<ICreditLedgerStore>(), sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<LedgerPoster>(),
            sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MoneyRules>()));
        services.TryAddScoped(sp => new LoyaltyService(
            sp.GetRequiredService<LoyaltyPoints>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>()));
        services.TryAddScoped(sp => new CustomerPrivacyService(
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<IConsentHistoryStore>(), sp.GetRequiredService<ITicketLinkStore>(),
            sp.GetRequiredService<ICreditLedgerStore>(), sp.GetRequiredService<ICustomerMergeStore>(), sp.GetRequiredService<IImportBatchStore>(),
            sp.GetRequiredService<IChangeFeedStore>(), sp.GetRequiredService<CustomerWriter>(), sp.GetRequiredService<ICustomerCoreUnitOfWork>(),
            sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CustomerPrivacyService>>()));
        services.TryAddScoped(sp => new CustomerImporter(
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<IImportBatchStore>(), sp.GetRequiredService<IConsentHistoryStore>(),
            sp.GetRequiredService<ICustomerCoreUnitOfWork>(), sp.GetRequiredService<IMerchantSettingsProvider>(), sp.GetRequiredService<PermissionGuard>(),
            sp.GetRequiredService<CustomerRules>(), sp.GetRequiredService<CustomerWriter>(), sp.GetRequiredService<ChangeRecorder>(),
            sp.GetRequiredService<PhoneNormalizer>(), sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CustomerImporter>>()));
        services.TryAddScoped(sp => new CustomerExporter(sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<PermissionGuard>()));
        services.TryAddScoped(sp => new CustomerChangeFeed(
            sp.GetRequiredService<IChangeFeedStore>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<CustomerErrorDescriber>()));
        services.TryAddScoped(sp => new CustomerAuditTrail(sp.GetRequiredService<IAuditTrailStore>(), sp.GetRequiredService<PermissionGuard>()));
        return new CustomerCoreBuilder(services);
    }

    // The components every service shares instead of calling each other: one permission guard, the customer rules, the
    // customer writer, the ledger poster, the points rules and the unit of work with its change recorder.
    private static void AddInternalComponents(IServiceCollection services)
    {
        services.TryAddSingleton<AmbientUnitOfWork>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerCoreOptions>, CustomerCoreOptionsValidator>());
        services.TryAddSingleton(sp => new MoneyRules(
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<IOptionsMonitor<CustomerCoreOptions>>()));
        services.TryAddScoped<ICustomerCoreUnitOfWork>(sp => new CustomerCoreUnitOfWork(
            sp.GetRequiredService<IStoreTransactionFactory>(), sp.GetRequiredService<IChangeFeedStore>(), sp.GetRequiredService<IAuditTrailStore>(),
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<ICreditLedgerStore>(), sp.GetRequiredService<AmbientUnitOfWork>()));
        services.TryAddScoped(sp => new PermissionGuard(sp.GetRequiredService<ICustomerCoreAccessContext>(), sp.GetRequiredService<CustomerErrorDescriber>()));
        services.TryAddScoped(sp => new CustomerRules(
            sp.GetRequiredService<PhoneNormalizer>(), sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<PermissionGuard>()));
        services.TryAddScoped(sp => new ChangeRecorder(
            sp.GetRequiredService<AmbientUnitOfWork>(), sp.GetRequiredService<PermissionGuard>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped(sp => new CustomerWriter(
            sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<IConsentHistoryStore>(),
            sp.GetRequiredService<ICustomerCoreUnitOfWork>(), sp.GetRequiredService<ChangeRecorder>(), sp.GetRequiredService<PermissionGuard>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped(sp => new LedgerPoster(
            sp.GetRequiredService<ICreditLedgerStore>(), sp.GetRequiredService<ICustomerStore>(), sp.GetRequiredService<ICustomerCoreUnitOfWork>(),
            sp.GetRequiredService<ChangeRecorder>(), sp.GetRequiredService<IMerchantSettingsProvider>(), sp.GetRequiredService<PermissionGuard>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptionsMonitor<CustomerCoreOptions>>(),
            sp.GetService<ILogger<LedgerPoster>>() ?? NullLogger<LedgerPoster>.Instance));
        services.TryAddScoped(sp => new CustomerItemTotals(sp.GetRequiredService<ICustomerItemTotalStore>()));
        services.TryAddScoped(sp => new TicketLinkWriter(
            sp.GetRequiredService<ITicketLinkStore>(), sp.GetRequiredService<ICustomerCoreUnitOfWork>(), sp.GetRequiredService<CustomerItemTotals>(),
            sp.GetRequiredService<ChangeRecorder>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped(sp => new LoyaltyPoints(
            sp.GetRequiredService<LedgerPoster>(), sp.GetRequiredService<ICreditLedgerStore>(), sp.GetRequiredService<IMerchantSettingsProvider>(),
            sp.GetRequiredService<CustomerErrorDescriber>(), sp.GetRequiredService<MoneyRules>()));
    }
}
