using CustomerCore.DependencyInjection;
using CustomerCore.InMemory;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory stores.</summary>
public static class InMemoryCustomerCoreBuilderExtensions
{
    /// <summary>Stores everything in process memory (one <see cref="InMemoryDatabase"/> per container). Safe to call twice.</summary>
    public static CustomerCoreBuilder AddInMemoryStores(this CustomerCoreBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<InMemoryDatabase>();
        services.TryAddSingleton<ICustomerStore, InMemoryCustomerStore>();
        services.TryAddSingleton<IConsentHistoryStore, InMemoryConsentHistoryStore>();
        services.TryAddSingleton<ICustomerGroupStore, InMemoryCustomerGroupStore>();
        services.TryAddSingleton<ICreditLedgerStore, InMemoryCreditLedgerStore>();
        services.TryAddSingleton<IStoreTransactionFactory, InMemoryTransactionFactory>();
        services.TryAddSingleton<IChangeFeedStore, InMemoryChangeFeedStore>();
        services.TryAddSingleton<IAuditTrailStore, InMemoryAuditTrailStore>();
        services.TryAddSingleton<ITicketLinkStore, InMemoryTicketLinkStore>();
        services.TryAddSingleton<ICustomerItemTotalStore, InMemoryCustomerItemTotalStore>();
        services.TryAddSingleton<ICustomerMergeStore, InMemoryCustomerMergeStore>();
        services.TryAddSingleton<IImportBatchStore, InMemoryImportBatchStore>();
        return builder;
    }
}
