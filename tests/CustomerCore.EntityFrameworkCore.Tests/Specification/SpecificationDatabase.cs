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

    public static async Task CreateSqliteAsync(IServiceProvider services, SqliteTestDatabases databases)
    {
        await using var scope = services.CreateAsyncScope();
        await databases.EnsureCreatedAsync(Name, scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
    }

    /// <remarks>The connection string is known before the database exists; <see cref="CreatePostgreSqlAsync"/> creates it
    /// before any test touches it.</remarks>
    public static void AddPostgreSql(CustomerCoreBuilder builder, PostgreSqlServer server) =>
        builder.AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseNpgsql(server.ConnectionString(Name)));

    public static async Task CreatePostgreSqlAsync(IServiceProvider services, PostgreSqlServer server)
    {
        server.Require();
        await server.DatabaseAsync(Name);
        await using var scope = services.CreateAsyncScope();
        await server.EnsureCreatedAsync(Name, scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
    }
}
