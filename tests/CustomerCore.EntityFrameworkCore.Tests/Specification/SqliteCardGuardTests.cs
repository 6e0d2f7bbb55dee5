using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Specification.Tests;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

public sealed class SqliteCardGuardTests(SqliteTestDatabases databases) : CardGuardSpecification
{
    protected override void AddStores(CustomerCoreBuilder builder) => SpecificationDatabase.AddSqlite(builder, databases);

    protected override Task InitializeStoresAsync(IServiceProvider services) => SpecificationDatabase.CreateSqliteAsync(services, databases);
}
