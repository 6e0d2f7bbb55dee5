using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryPrivacyTests : PrivacySpecification
{
    protected override void AddStores(CustomerCoreBuilder builder) => builder.AddInMemoryStores();
}
