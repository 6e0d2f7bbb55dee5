using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

public sealed class SqliteFeedAndAuditAdapterTests(SqliteTestDatabases databases) : FeedAndAuditAdapterTests
{
    protected override Task<string> DatabaseAsync(string name) => Task.FromResult(databases.ConnectionString(name));

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => databases.EnsureCreatedAsync(name, context);
}
