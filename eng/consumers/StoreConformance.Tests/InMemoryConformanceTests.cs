using CustomerCore.DependencyInjection;
using CustomerCore.InMemory;
using CustomerCore.Specification.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace StoreConformance.Tests;

// One subclass per specification; every test is inherited. Each class keeps one database for all its containers, so a
// second container a test builds (another till, other options) sees the same data, as with a real database.

public sealed class InMemoryCardGuardTests : CardGuardSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryChangeFeedTests : ChangeFeedSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryCreditLedgerTests : CreditLedgerSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryCustomerGroupStoreTests : CustomerGroupStoreSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryCustomerMergeTests : CustomerMergeSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryCustomerStoreTests : CustomerStoreSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryImportTests : ImportSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryLoyaltyTests : LoyaltySpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryPrivacyTests : PrivacySpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryTextHygieneTests : TextHygieneSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}

public sealed class InMemoryTicketLinkTests : TicketLinkSpecification
{
    private static readonly InMemoryDatabase Database = new();

    protected override void AddStores(CustomerCoreBuilder builder)
    {
        builder.Services.AddSingleton(Database);
        builder.AddInMemoryStores();
    }
}
