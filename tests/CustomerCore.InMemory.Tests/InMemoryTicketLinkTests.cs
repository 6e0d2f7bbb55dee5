using Microsoft.Extensions.DependencyInjection;
using CustomerCore.DependencyInjection;
using CustomerCore.Specification.Tests;

namespace CustomerCore.InMemory.Tests;

public sealed class InMemoryTicketLinkTests : TicketLinkSpecification
{
    protected override void AddStores(CustomerCoreBuilder builder) => builder.AddInMemoryStores();
}
