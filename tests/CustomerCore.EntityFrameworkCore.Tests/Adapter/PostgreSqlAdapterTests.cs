using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAdapterTests(PostgreSqlServer server) : EntityFrameworkCoreAdapterTests
{
    public override ValueTask InitializeAsync()
    {
        server.Require();
        return base.InitializeAsync();
    }

    protected override Task<string> DatabaseAsync(string name) => server.DatabaseAsync(name);

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => server.EnsureCreatedAsync(name, context);

    // The tables hold a handful of rows, for which a sequential scan is cheapest; switched off, the planner shows
    // whether an index can answer the query at all.
    protected override QueryPlanRecorder NewPlanRecorder() => new("EXPLAIN ", "SET enable_seqscan = off", "RESET enable_seqscan");

    protected override Task PrepareForPlansAsync(DbContext context) => context.Database.ExecuteSqlRawAsync("ANALYZE", TestContext.Current.CancellationToken);

    protected override void AssertSeeksWith(IReadOnlyList<string> plan, IReadOnlyCollection<string> indexNames)
    {
        var described = string.Join(" | ", plan);
        Assert.True(plan.Any(step => step.Contains("Index", StringComparison.Ordinal) && indexNames.Any(index => step.Contains($"\"{index}\"", StringComparison.Ordinal))), described);
        Assert.False(plan.Any(step => step.Contains("Seq Scan", StringComparison.Ordinal)), described);
    }

    protected override async Task<IReadOnlyList<string>> TableNamesAsync(DbContext context) =>
        await context.Database.SqlQueryRaw<string>("SELECT table_schema || '.' || table_name AS \"Value\" FROM information_schema.tables")
            .ToListAsync(TestContext.Current.CancellationToken);

    protected override string Qualified(string schema, string table) => $"{schema}.{table}";
}
