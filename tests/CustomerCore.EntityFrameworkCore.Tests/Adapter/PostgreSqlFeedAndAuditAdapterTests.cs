using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlFeedAndAuditAdapterTests(PostgreSqlServer server) : FeedAndAuditAdapterTests
{
    public override ValueTask InitializeAsync()
    {
        server.Require();
        return base.InitializeAsync();
    }

    protected override Task<string> DatabaseAsync(string name) => server.DatabaseAsync(name);

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => server.EnsureCreatedAsync(name, context);
}
