using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

public sealed class SqliteAdapterTests(SqliteTestDatabases databases) : EntityFrameworkCoreAdapterTests
{
    [Fact]
    public async Task EveryConnection_GetsALargePageCache_AndZeroesFreedSpace()
    {
        using var scope = Container().CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database;
        await database.OpenConnectionAsync(TestContext.Current.CancellationToken);

        // Negative: kibibytes. SQLite's own default is -2000; a bulk import spilled pages from it all the way through.
        Assert.Equal(-65536, await Pragma(database, "cache_size"));
        Assert.Equal(1, await Pragma(database, "secure_delete"));
    }

    [Fact]
    public async Task APooledConnection_KeepsItsSettings_AndANewNativeConnectionGetsThemAgain()
    {
        // The settings are applied once per native connection: a pooled one must still have them when reopened, and one
        // opened after the pool was emptied (a new native connection) must get them again.
        for (var round = 0; round < 3; round++)
        {
            if (round == 2)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            using var scope = Container().CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database;
            await database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(-65536, await Pragma(database, "cache_size"));
            Assert.Equal(1, await Pragma(database, "secure_delete"));
            await database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task TheSecondPhoneAndGroupIndexes_HoldOnlyCustomersThatHaveOne()
    {
        using var scope = Container().CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var merchant = new MerchantId("partial-" + Guid.NewGuid().ToString("N"));
        Assert.True((await service.CreateAsync(merchant, new CustomerInput { FirstName = "Without", Phone = "07911 123456" }, cancellationToken: TestContext.Current.CancellationToken)).Succeeded);
        var both = await service.CreateAsync(merchant, new CustomerInput { FirstName = "With", Phone = "07911 123457", SecondaryPhone = "020 7946 0958" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(both.Succeeded, both.ToString());

        var entity = context.Model.FindEntityType(typeof(Customer))!;
        foreach (var column in new[] { nameof(Customer.SecondaryPhoneE164), nameof(Customer.GroupId) })
        {
            var index = entity.GetIndexes().Single(i => i.Properties[1].Name == column).GetDatabaseName()!;

            // Counted through the index itself: SQLite refuses a statement whose INDEXED BY index cannot answer it, so this
            // shows that comparing the column with a value is enough for SQLite to use the partial index.
            var throughIndex = "SELECT count(*) AS \"Value\" FROM \"Customers\" INDEXED BY \"" + index + "\" WHERE \"MerchantId\" = {0} AND \"" + column + "\" > ''";
            var entries = await context.Database.SqlQueryRaw<long>(throughIndex, merchant.Value).SingleAsync(TestContext.Current.CancellationToken);
            var isPartial = await context.Database.SqlQueryRaw<long>(
                "SELECT \"partial\" AS \"Value\" FROM pragma_index_list('Customers') WHERE name = {0}", index)
                .SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(1, isPartial);
            Assert.Equal(column == nameof(Customer.GroupId) ? 0 : 1, entries);
        }
    }

    [Fact]
    public async Task NameRowsAndBatchEntries_AreTablesWithoutRowIds_OtherTablesAreNot()
    {
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var layouts = await context.Database
            .SqlQueryRaw<string>("SELECT name || ':' || wr AS \"Value\" FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Contains("CustomerNameTokens:1", layouts);
        Assert.Contains("ImportBatchEntries:1", layouts);
        Assert.Contains("Customers:0", layouts);
        Assert.Contains("ChangeFeedEntries:0", layouts);
        Assert.Equal(2, layouts.Count(l => l.EndsWith(":1", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task TheLayout_FollowsWhetherTheContextWasOnSqliteWhenTheStoresWereAdded(bool contextFirst, long withoutRowIds)
    {
        // docs/integration.md: a DbContext registered before AddEntityFrameworkStores gets the layout; one registered
        // after it gets ordinary tables, which work the same.
        var file = Path.Combine(Path.GetTempPath(), "customercore-layout-" + Guid.NewGuid().ToString("N") + ".db");
        var services = new ServiceCollection();
        void AddContext() => services.AddDbContext<CustomerCoreDbContext>(o => o.UseSqlite($"Data Source={file};Pooling=False"));
        if (contextFirst)
        {
            AddContext();
        }

        services.AddCustomerCore().AddEntityFrameworkStores<CustomerCoreDbContext>();
        if (!contextFirst)
        {
            AddContext();
        }

        try
        {
            await using var container = services.BuildServiceProvider();
            await using var scope = container.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
            await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            var layout = await context.Database
                .SqlQueryRaw<long>("SELECT wr AS \"Value\" FROM pragma_table_list WHERE name = 'CustomerNameTokens'")
                .SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(withoutRowIds, layout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ATableRebuiltBySqlite_KeepsItsLayoutWithoutRowIds()
    {
        // Dropping a column is one of the changes SQLite makes by creating the table again as "ef_temp_" + name from the
        // model and copying the rows over.
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        var generator = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsSqlGenerator>();
        var commands = generator.Generate(
            [new Microsoft.EntityFrameworkCore.Migrations.Operations.DropColumnOperation { Table = "CustomerNameTokens", Name = "Retired" }],
            context.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model);

        var create = Assert.Single(commands, c => c.CommandText.Contains("CREATE TABLE \"ef_temp_CustomerNameTokens\"", StringComparison.Ordinal));
        Assert.EndsWith(") WITHOUT ROWID;", create.CommandText.TrimEnd());
    }

    private static async Task<long> Pragma(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, string name)
    {
        await using var command = database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override Task<string> DatabaseAsync(string name) => Task.FromResult(databases.ConnectionString(name));

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    protected override Task EnsureCreatedAsync(string name, DbContext context) => databases.EnsureCreatedAsync(name, context);

    protected override QueryPlanRecorder NewPlanRecorder() => new("EXPLAIN QUERY PLAN ");

    protected override void AssertSeeksWith(IReadOnlyList<string> plan, IReadOnlyCollection<string> indexNames)
    {
        var described = string.Join(" | ", plan);
        Assert.True(plan.Any(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && indexNames.Any(index => step.Contains($"INDEX {index} (", StringComparison.Ordinal))), described);

        // "SCAN x" without an index reads all of x; that is fine only when x is a subquery's own result, which
        // SQLite announces first as a CO-ROUTINE or MATERIALIZE step.
        var subqueries = plan.Where(step => step.StartsWith("CO-ROUTINE ", StringComparison.Ordinal) || step.StartsWith("MATERIALIZE ", StringComparison.Ordinal))
            .Select(step => step.Split(' ')[1])
            .ToHashSet();
        Assert.False(
            plan.Any(step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal) && !subqueries.Contains(step.Split(' ')[1])),
            described);
    }

    protected override async Task<IReadOnlyList<string>> TableNamesAsync(DbContext context) =>
        await context.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync(TestContext.Current.CancellationToken);

    // SQLite backs a PRIMARY KEY constraint with an automatic index named after the table; EF Core declares no other
    // constraint inline, so it is the first.
    protected override string PrimaryKeyIndexName(string table, string constraint) => $"sqlite_autoindex_{table}_1";

    // SQLite has no schemas; the provider drops them, so only the prefix keeps the tables apart.
    protected override string Qualified(string schema, string table) => table;
}
