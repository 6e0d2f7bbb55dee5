using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryCustomerStoreTests : CustomerStoreSpecification
{
    // One database for the whole class, so separate containers see the same data, like separate processes would.
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}
