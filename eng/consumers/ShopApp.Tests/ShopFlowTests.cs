using CustomerCore.Customers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopApp;

namespace ShopApp.Tests;

/// <summary>The vendor's app built on the packages: the checked-in migration, then the services end to end.</summary>
public sealed class ShopFlowTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "customercore-shop-" + Guid.NewGuid().ToString("N")[..12]);
    private string DatabaseFile => Path.Combine(_folder, "shop.db");

    [Fact]
    public async Task FirstVisit_OnTheMigratedDatabase_CreatesFindsCreditsAndLinksTheSale()
    {
        await using var provider = ShopServices.Build(DatabaseFile);
        await ShopServices.MigrateAsync(provider, TestContext.Current.CancellationToken);

        var outcome = await ShopFlow.RunAsync(provider, "first", TestContext.Current.CancellationToken);

        Assert.Equal("+447911123456", outcome.Customer.PhoneE164);
        var match = Assert.Single(outcome.FoundByLastDigits);
        Assert.Equal(outcome.Customer.Id, match.Customer.Id);
        Assert.True(match.MatchedBy.HasFlag(MatchReason.PhoneLastDigits));
        Assert.Equal(15m, outcome.StoreCredit.Available.Amount);
        Assert.Equal(outcome.Customer.Id, outcome.Ticket.CustomerId);
        Assert.Equal(1, outcome.Statistics.VisitCount);
        Assert.Equal(42.50m, outcome.Statistics.TotalSpent["GBP"]);
        Assert.Equal(1, outcome.SalesInShopTable);
    }

    [Fact]
    public async Task CheckedInMigration_MatchesThePackagedModel()
    {
        await using var provider = ShopServices.Build(DatabaseFile);
        await ShopServices.MigrateAsync(provider, TestContext.Current.CancellationToken);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();

        // A package whose model changed without the vendor adding a migration would show here first.
        Assert.False(db.Database.HasPendingModelChanges(), "the packaged model differs from the checked-in migration");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Sales", tables);
        Assert.Contains("cc_Customers", tables);

        // The packaged layout for SQLite: the name rows and batch entries are tables without row ids.
        var withoutRowIds = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_list WHERE wr = 1 AND schema = 'main'").ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["cc_CustomerNameTokens", "cc_ImportBatchEntries"], withoutRowIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SecondStart_OnTheSameFile_KeepsTheFirstVisit()
    {
        await using var provider = ShopServices.Build(DatabaseFile);
        await ShopServices.MigrateAsync(provider, TestContext.Current.CancellationToken);
        var first = await ShopFlow.RunAsync(provider, "one", TestContext.Current.CancellationToken);

        // A second visit under another email finds both customers by the shared last digits: the data persisted.
        await using var restarted = ShopServices.Build(DatabaseFile);
        await ShopServices.MigrateAsync(restarted, TestContext.Current.CancellationToken);
        var second = await ShopFlow.RunAsync(restarted, "two", TestContext.Current.CancellationToken);

        Assert.NotEqual(first.Customer.Id, second.Customer.Id);
        Assert.Equal(2, second.FoundByLastDigits.Count);
    }

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
