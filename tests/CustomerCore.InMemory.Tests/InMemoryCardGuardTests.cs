using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryCardGuardTests : CardGuardSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}
