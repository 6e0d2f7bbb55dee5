using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Specification.Tests;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlPrivacyTests(PostgreSqlServer server) : PrivacySpecification
{
    private string? _connectionString;

    public override async ValueTask InitializeAsync()
    {
        _connectionString = await SpecificationDatabase.PostgreSqlConnectionAsync(server);
        await base.InitializeAsync();
    }

    protected override void AddStores(CustomerCoreBuilder builder) => SpecificationDatabase.AddPostgreSql(builder, _connectionString);

    protected override Task InitializeStoresAsync(IServiceProvider services) => SpecificationDatabase.CreatePostgreSqlAsync(services, server);
}
