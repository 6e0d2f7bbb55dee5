using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Specification.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

/// <summary>The whole conformance suite on a real PostgreSQL server through <see cref="CustomerCoreDbContext"/>.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCustomerStoreTests(PostgreSqlServer server) : CustomerStoreSpecification
{
    private const string Database = "specification";
    private string? _connectionString;

    public override async ValueTask InitializeAsync()
    {
        server.Require();
        _connectionString = await server.DatabaseAsync(Database);
        await base.InitializeAsync();
    }

    protected override void AddStores(CustomerCoreBuilder builder) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseNpgsql(_connectionString));

    protected override Task InitializeStoresAsync(IServiceProvider services) =>
        server.EnsureCreatedAsync(Database, services.CreateScope().ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
}
