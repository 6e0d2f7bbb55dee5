using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryLoyaltyTests : LoyaltySpecification
{
    // Shared so the extra containers a test builds (other merchant settings) see the same data.
    private readonly InMemoryDatabase _database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(_database);
        builder.AddInMemoryStores();
    }
}
