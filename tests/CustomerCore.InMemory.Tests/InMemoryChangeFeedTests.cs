using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryChangeFeedTests : ChangeFeedSpecification
{
    protected override void AddStores(CustomerCoreBuilder builder) => builder.AddInMemoryStores();
}
