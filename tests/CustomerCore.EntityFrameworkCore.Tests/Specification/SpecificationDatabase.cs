using CustomerCore.DependencyInjection;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Specification;

/// <summary>The one database every conformance class shares per provider; each test uses its own random merchant.</summary>
internal static class SpecificationDatabase
{
    private const string Name = "specification";

    public static void AddSqlite(CustomerCoreBuilder builder, SqliteTestDatabases databases) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseSqlite(databases.ConnectionString(Name)));

    public static Task CreateSqliteAsync(IServiceProvider services, SqliteTestDatabases databases) =>
        databases.EnsureCreatedAsync(Name, services.CreateScope().ServiceProvider.GetRequiredService<CustomerCoreDbContext>());

    public static async Task<string> PostgreSqlConnectionAsync(PostgreSqlServer server)
    {
        server.Require();
        return await server.DatabaseAsync(Name);
    }

    public static void AddPostgreSql(CustomerCoreBuilder builder, string? connectionString) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseNpgsql(connectionString));

    public static Task CreatePostgreSqlAsync(IServiceProvider services, PostgreSqlServer server) =>
        server.EnsureCreatedAsync(Name, services.CreateScope().ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
}
