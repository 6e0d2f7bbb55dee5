using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Specification.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

/// <summary>The whole conformance suite on a SQLite file through <see cref="CustomerCoreDbContext"/>.</summary>
public sealed class SqliteCustomerStoreTests(SqliteTestDatabases databases) : CustomerStoreSpecification
{
    private const string Database = "specification";

    protected override void AddStores(CustomerCoreBuilder builder) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseSqlite(databases.ConnectionString(Database)));

    protected override Task InitializeStoresAsync(IServiceProvider services) =>
        databases.EnsureCreatedAsync(Database, services.CreateScope().ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
}
