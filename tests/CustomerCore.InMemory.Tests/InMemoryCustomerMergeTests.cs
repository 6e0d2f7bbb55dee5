using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryCustomerMergeTests : CustomerMergeSpecification
{
    // Shared, so a second container built by a test (other options, same data) sees the same stores.
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}
