using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Specification.Tests;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCardGuardTests(PostgreSqlServer server) : CardGuardSpecification
{
    protected override void AddStores(CustomerCoreBuilder builder) => SpecificationDatabase.AddPostgreSql(builder, server);

    protected override Task InitializeStoresAsync(IServiceProvider services) => SpecificationDatabase.CreatePostgreSqlAsync(services, server);
}
