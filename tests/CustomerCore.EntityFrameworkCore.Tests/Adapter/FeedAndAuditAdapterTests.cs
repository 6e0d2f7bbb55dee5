using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// The EF Core store transaction factory, change feed and audit trail, driven directly (without core's unit of work):
/// numbering without gaps under concurrent writers, rollback, erasure of snapshots, and transactions that span
/// scopes. Subclasses supply the database.
/// </summary>
public abstract class FeedAndAuditAdapterTests : IAsyncLifetime
{
    private const string FeedDatabase = "feed";
    private const string ShopFeedDatabase = "feed-shop";
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly List<ServiceProvider> _containers = [];
    private ServiceProvider? _shared;
    private string? _connectionString;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates the database on first use; returns its connection string.</summary>
    protected abstract Task<string> DatabaseAsync(string name);

    protected abstract void UseDatabase(DbContextOptionsBuilder options, string connectionString);

    protected abstract Task EnsureCreatedAsync(string name, DbContext context);

    public virtual async ValueTask InitializeAsync()
    {
        _connectionString = await DatabaseAsync(FeedDatabase);
        using var scope = Container().CreateScope();
        await EnsureCreatedAsync(FeedDatabase, scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Append_NumbersEachMerchantFromOneWithoutGaps_EvenAfterRollbacks()
    {
        var merchant = NewMerchant();
        var other = NewMerchant();

        var first = Entries(merchant, 2);
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, first, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 3), Cancel);
            await transaction.RollbackAsync(Cancel);
        }

        await using (await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            // Ended without a commit.
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 1), Cancel);
        }

        var otherEntries = Entries(other, 2);
        var second = Entries(merchant, 1);
        var third = Entries(merchant, 2);
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IChangeFeedStore>().AppendAsync(other, otherEntries, Cancel);
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, second, Cancel);
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, third, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        var feed = Resolve<IChangeFeedStore>();
        Assert.Equal([1L, 2L], first.Select(e => e.Sequence));
        Assert.Equal([3L], second.Select(e => e.Sequence));
        Assert.Equal([4L, 5L], third.Select(e => e.Sequence));
        Assert.Equal([1L, 2L], otherEntries.Select(e => e.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await feed.ReadAsync(merchant, 0, 100, Cancel)).Select(e => e.Sequence));
        Assert.Equal([1L, 2L], (await feed.ReadAsync(other, 0, 100, Cancel)).Select(e => e.Sequence));
        Assert.Equal([first[0].EntityId, first[1].EntityId, second[0].EntityId, third[0].EntityId, third[1].EntityId],
            (await feed.ReadAsync(merchant, 0, 100, Cancel)).Select(e => e.EntityId));
    }

    [Fact]
    public async Task Read_PagesAfterASequenceNumber()
    {
        var merchant = NewMerchant();
        await AppendCommittedAsync(merchant, Entries(merchant, 7));
        var feed = Resolve<IChangeFeedStore>();

        Assert.Equal([1L, 2L, 3L], (await feed.ReadAsync(merchant, 0, 3, Cancel)).Select(e => e.Sequence));
        Assert.Equal([4L, 5L, 6L], (await feed.ReadAsync(merchant, 3, 3, Cancel)).Select(e => e.Sequence));
        Assert.Equal([7L], (await feed.ReadAsync(merchant, 6, 3, Cancel)).Select(e => e.Sequence));
        Assert.Empty(await feed.ReadAsync(merchant, 7, 3, Cancel));
        Assert.Empty(await feed.ReadAsync(merchant, 0, 0, Cancel));
        Assert.Empty(await feed.ReadAsync(NewMerchant(), 0, 3, Cancel));
    }

    [Fact]
    public async Task Append_KeepsSnapshotsExactly()
    {
        var merchant = NewMerchant();
        var customerId = Guid.CreateVersion7();
        var groupId = Guid.CreateVersion7();
        var written = new TillCustomerSnapshot
        {
            Id = customerId,
            Version = 3,
            FirstName = "Zoë",
            LastName = "Ødegaard",
            Email = "zoe@example.com",
            Phone = "07911 555123",
            PhoneE164 = "+447911555123",
            CustomerCode = "C-1",
            PostalCode = "SW1A 1AA",
            GroupId = groupId,
            PersonalDiscount = Discount.PercentOff(12.50m),
            Points = 120.50m,
            StoreCredit = [new Money(10.10m, "EUR"), new Money(0.0001m, "GBP")],
            Preferences = [new CustomerPreference("size", "M"), new CustomerPreference("receipt", "email: ü")],
        };
        var customer = new ChangeFeedEntry
        {
            MerchantId = merchant,
            Kind = ChangeKind.CustomerUpdated,
            EntityId = customerId,
            OccurredAt = Noon,
            Customer = written,
        };
        var group = new ChangeFeedEntry
        {
            MerchantId = merchant,
            Kind = ChangeKind.GroupDiscountChanged,
            EntityId = groupId,
            OccurredAt = Noon.AddSeconds(1),
            Group = new TillGroupSnapshot(groupId, "Staff", Discount.FixedAmount(new Money(5.00m, "EUR"))),
        };

        await AppendCommittedAsync(merchant, [customer, group]);
        var read = await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel);

        Assert.Equal(2, read.Count);
        var storedCustomer = read[0];
        Assert.Equal(merchant, storedCustomer.MerchantId);
        Assert.Equal(ChangeKind.CustomerUpdated, storedCustomer.Kind);
        Assert.Equal(customerId, storedCustomer.EntityId);
        Assert.Equal(Noon, storedCustomer.OccurredAt);
        Assert.Null(storedCustomer.Group);
        var snapshot = Assert.IsType<TillCustomerSnapshot>(storedCustomer.Customer);

        // Records compare lists by reference, so the lists are compared on their own.
        Assert.Equal(written with { StoreCredit = [], Preferences = [] }, snapshot with { StoreCredit = [], Preferences = [] });
        Assert.Equal(written.StoreCredit, snapshot.StoreCredit);
        Assert.Equal(written.Preferences, snapshot.Preferences);
        Assert.Equal("120.50", snapshot.Points.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.0001", snapshot.StoreCredit[1].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var storedGroup = read[1];
        Assert.Equal(ChangeKind.GroupDiscountChanged, storedGroup.Kind);
        Assert.Null(storedGroup.Customer);
        Assert.Equal(group.Group, storedGroup.Group);
        Assert.Equal("5.00", storedGroup.Group!.Discount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Reserve_WithoutAnOpenTransaction_IsRefused_SoNumbersAreNeverBurnt()
    {
        var merchant = NewMerchant();
        var feed = Resolve<IChangeFeedStore>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.ReserveAsync(merchant, 1, Cancel));
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await feed.AppendAsync(merchant, Entries(merchant, 1), Cancel);
            await transaction.CommitAsync(Cancel);
        }

        Assert.Equal([1L], (await feed.ReadAsync(merchant, 0, 10, Cancel)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReserveNothing_ReturnsTheLastNumber_AndHoldsTheMerchantsTurn()
    {
        var merchant = NewMerchant();
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            Assert.Equal(0L, await Resolve<IChangeFeedStore>().ReserveAsync(merchant, 0, Cancel));
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 2), Cancel);
            Assert.Equal(2L, await Resolve<IChangeFeedStore>().ReserveAsync(merchant, 0, Cancel));
            await transaction.CommitAsync(Cancel);
        }

        Assert.Equal([1L, 2L], (await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ConcurrentWriters_ReaderSeesEveryNumberOnceInOrder_NeverAGapThatFillsLater()
    {
        const int writerCount = 8;
        const int transactionsPerWriter = 50;
        var merchant = NewMerchant();
        var container = Container();
        var appended = 0;

        var writers = Enumerable.Range(0, writerCount).Select(writer => Task.Run(
            async () =>
            {
                using var scope = container.CreateScope();
                var transactions = scope.ServiceProvider.GetRequiredService<IStoreTransactionFactory>();
                var feed = scope.ServiceProvider.GetRequiredService<IChangeFeedStore>();
                var random = new Random(writer);
                for (var i = 0; i < transactionsPerWriter; i++)
                {
                    var count = random.Next(1, 4);
                    await using var transaction = await transactions.BeginAsync(Cancel);
                    await feed.AppendAsync(merchant, Entries(merchant, count), Cancel);
                    await transaction.CommitAsync(Cancel);
                    Interlocked.Add(ref appended, count);
                }
            },
            Cancel)).ToArray();

        var reader = container.CreateScope().ServiceProvider.GetRequiredService<IChangeFeedStore>();
        var seen = new List<long>();
        var problems = new List<string>();
        var batchesWithEntries = 0;
        long last = 0;
        while (true)
        {
            // Checked before reading, so the final read happens after every writer committed.
            var writersDone = writers.All(w => w.IsCompleted);
            var batch = await reader.ReadAsync(merchant, last, 50, Cancel);
            if (batch.Count > 0)
            {
                batchesWithEntries++;
            }

            foreach (var entry in batch)
            {
                if (entry.Sequence != last + 1)
                {
                    problems.Add($"after {last} the reader got {entry.Sequence}");
                }

                seen.Add(entry.Sequence);
                last = entry.Sequence;
            }

            if (writersDone && batch.Count == 0)
            {
                break;
            }

            if (batch.Count == 0)
            {
                await Task.Delay(1, Cancel);
            }
        }

        await Task.WhenAll(writers);
        TestContext.Current.TestOutputHelper?.WriteLine($"{appended} entries read in {batchesWithEntries} non-empty batches.");
        Assert.Empty(problems);
        Assert.Equal(Enumerable.Range(1, appended).Select(n => (long)n), seen);
        Assert.True(appended >= writerCount * transactionsPerWriter);
    }

    [Fact]
    public async Task RedactCustomer_NullsOnlyThatCustomersSnapshotsOfThatMerchant()
    {
        var merchant = NewMerchant();
        var other = NewMerchant();
        var erased = Guid.CreateVersion7();
        var kept = Guid.CreateVersion7();
        var group = Guid.CreateVersion7();
        await AppendCommittedAsync(merchant,
        [
            CustomerEntry(merchant, erased, ChangeKind.CustomerCreated),
            CustomerEntry(merchant, kept, ChangeKind.CustomerCreated),
            CustomerEntry(merchant, erased, ChangeKind.CustomerUpdated),
            new ChangeFeedEntry { MerchantId = merchant, Kind = ChangeKind.GroupCreated, EntityId = group, OccurredAt = Noon, Group = new TillGroupSnapshot(group, "VIP", null) },
        ]);

        // The same id under another merchant is another merchant's business.
        await AppendCommittedAsync(other, [CustomerEntry(other, erased, ChangeKind.CustomerCreated)]);

        await Resolve<IChangeFeedStore>().RedactCustomerAsync(merchant, erased, Cancel);

        var feed = await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel);
        Assert.Equal([1L, 2L, 3L, 4L], feed.Select(e => e.Sequence));
        Assert.All(feed.Where(e => e.EntityId == erased), e => Assert.Null(e.Customer));
        Assert.Equal([ChangeKind.CustomerCreated, ChangeKind.CustomerUpdated], feed.Where(e => e.EntityId == erased).Select(e => e.Kind));
        Assert.Equal(kept, feed.Single(e => e.EntityId == kept).Customer!.Id);
        Assert.Equal("VIP", feed.Single(e => e.EntityId == group).Group!.Name);
        Assert.Equal(erased, Assert.Single(await Resolve<IChangeFeedStore>().ReadAsync(other, 0, 10, Cancel)).Customer!.Id);
    }

    [Fact]
    public async Task AuditTrail_ListsAnEntitysEntriesInFeedSequenceOrder_WithinItsMerchant()
    {
        var merchant = NewMerchant();
        var other = NewMerchant();
        var customer = Guid.CreateVersion7();
        var batch = Guid.CreateVersion7();
        var merge = Guid.CreateVersion7();
        var earlier = Audit(merchant, customer, Noon, ChangeKind.CustomerCreated, 1, "Email", "FirstName");
        var tieFirst = Audit(merchant, customer, Noon.AddMinutes(5), ChangeKind.CustomerImported, 3, "PostalCode");
        tieFirst.ImportBatchId = batch;
        var tieSecond = Audit(merchant, customer, Noon.AddMinutes(5), ChangeKind.CustomerMerged, 4);
        tieSecond.MergeId = merge;
        var latest = Audit(merchant, customer, Noon.AddHours(1), ChangeKind.StoreCreditChanged, 9, "StoreCredit");
        var otherEntity = Audit(merchant, Guid.CreateVersion7(), Noon, ChangeKind.CustomerCreated, 2);
        var otherMerchant = Audit(other, customer, Noon, ChangeKind.CustomerErased, 1);

        // Written out of order, and in two calls, so the order comes from the store.
        await Resolve<IAuditTrailStore>().AppendAsync([latest, tieSecond, otherMerchant], Cancel);
        await Resolve<IAuditTrailStore>().AppendAsync([tieFirst, otherEntity, earlier], Cancel);

        var trail = await Resolve<IAuditTrailStore>().ListAsync(merchant, customer, Cancel);

        // Two changes in the same instant keep the order they committed in: the feed sequence's.
        Assert.Equal([earlier.Id, tieFirst.Id, tieSecond.Id, latest.Id], trail.Select(a => a.Id));
        Assert.Equal([1L, 3L, 4L, 9L], trail.Select(a => a.Sequence));
        Assert.Equal(["Email", "FirstName"], trail[0].Fields);
        var imported = trail.Single(a => a.Id == tieFirst.Id);
        Assert.Equal(["PostalCode"], imported.Fields);
        Assert.Equal(batch, imported.ImportBatchId);
        Assert.Null(imported.MergeId);
        var merged = trail.Single(a => a.Id == tieSecond.Id);
        Assert.Empty(merged.Fields);
        Assert.Equal(merge, merged.MergeId);
        Assert.Null(merged.ImportBatchId);
        Assert.Equal(ChangeKind.StoreCreditChanged, trail[3].Operation);
        Assert.Equal("tester", trail[3].Actor);
        Assert.Equal(Noon.AddHours(1), trail[3].At);
        Assert.Equal([otherMerchant.Id], (await Resolve<IAuditTrailStore>().ListAsync(other, customer, Cancel)).Select(a => a.Id));
    }

    [Fact]
    public async Task Transaction_Committed_KeepsWritesOfStoresFromOtherScopes()
    {
        var merchant = NewMerchant();
        var entity = Guid.CreateVersion7();
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 1), Cancel);
            await Resolve<IAuditTrailStore>().AppendAsync([Audit(merchant, entity, Noon, ChangeKind.CustomerCreated)], Cancel);
            await transaction.CommitAsync(Cancel);
        }

        Assert.Single(await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel));
        Assert.Single(await Resolve<IAuditTrailStore>().ListAsync(merchant, entity, Cancel));
    }

    [Fact]
    public async Task Transaction_RolledBackOrDisposedWithoutCommit_DiscardsWritesOfStoresFromOtherScopes()
    {
        var merchant = NewMerchant();
        var entity = Guid.CreateVersion7();
        await using (var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IAuditTrailStore>().AppendAsync([Audit(merchant, entity, Noon, ChangeKind.CustomerCreated)], Cancel);
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 2), Cancel);
            await transaction.RollbackAsync(Cancel);

            // Rolling back twice changes nothing; committing after a rollback is a bug.
            await transaction.RollbackAsync(Cancel);
            await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync(Cancel));
        }

        await using (await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel))
        {
            await Resolve<IAuditTrailStore>().AppendAsync([Audit(merchant, entity, Noon, ChangeKind.CustomerUpdated)], Cancel);
            await Resolve<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 2), Cancel);
        }

        Assert.Empty(await Resolve<IAuditTrailStore>().ListAsync(merchant, entity, Cancel));
        Assert.Empty(await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel));
    }

    [Fact]
    public async Task Transaction_WhileOpen_StoresOfOtherScopesWriteInsideIt_AndOthersDoNotSeeTheWrites()
    {
        var merchant = NewMerchant();
        var entity = Guid.CreateVersion7();
        var outsider = Container().CreateScope().ServiceProvider.GetRequiredService<IAuditTrailStore>();
        await using var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel);

        await Resolve<IAuditTrailStore>().AppendAsync([Audit(merchant, entity, Noon, ChangeKind.CustomerCreated)], Cancel);

        // Another scope in this flow reads through the transaction; another container (no ambient transaction, its own
        // connection) does not see what is not committed yet.
        Assert.Single(await Resolve<IAuditTrailStore>().ListAsync(merchant, entity, Cancel));
        Assert.Empty(await outsider.ListAsync(merchant, entity, Cancel));
        await transaction.CommitAsync(Cancel);
        Assert.Single(await outsider.ListAsync(merchant, entity, Cancel));
    }

    [Fact]
    public async Task Transaction_BeginWhileOneIsOpenInThisFlow_Throws_AndWorksAgainOnceItEnded()
    {
        var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Resolve<IStoreTransactionFactory>().BeginAsync(Cancel));

        await transaction.CommitAsync(Cancel);
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.RollbackAsync(Cancel));
        await transaction.DisposeAsync();
        await using var next = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel);
        await next.CommitAsync(Cancel);
    }

    [Fact]
    public async Task Transaction_InsideOneTheHostOpened_LeavesTheOutcomeToTheHost()
    {
        var merchant = NewMerchant();
        var entity = Guid.CreateVersion7();
        using var scope = Container().CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>();
        await using (var host = await context.Database.BeginTransactionAsync(Cancel))
        {
            await using (var transaction = await scope.ServiceProvider.GetRequiredService<IStoreTransactionFactory>().BeginAsync(Cancel))
            {
                await scope.ServiceProvider.GetRequiredService<IAuditTrailStore>().AppendAsync([Audit(merchant, entity, Noon, ChangeKind.CustomerCreated)], Cancel);
                await scope.ServiceProvider.GetRequiredService<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 1), Cancel);
                await transaction.CommitAsync(Cancel);
            }

            Assert.NotNull(context.Database.CurrentTransaction);
            await host.RollbackAsync(Cancel);
        }

        Assert.Empty(await Resolve<IAuditTrailStore>().ListAsync(merchant, entity, Cancel));
        Assert.Empty(await Resolve<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel));
    }

    [Fact]
    public async Task VendorDbContext_NumbersTheFeedInItsOwnSchemaAndPrefixedTables()
    {
        var connectionString = await DatabaseAsync(ShopFeedDatabase);
        var services = new ServiceCollection();
        services.AddDbContext<ShopDbContext>(o => UseDatabase(o, connectionString));
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddEntityFrameworkStores<ShopDbContext>();
        var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _containers.Add(container);
        using (var setup = container.CreateScope())
        {
            await EnsureCreatedAsync(ShopFeedDatabase, setup.ServiceProvider.GetRequiredService<ShopDbContext>());
        }

        var merchant = NewMerchant();
        for (var i = 0; i < 2; i++)
        {
            using var scope = container.CreateScope();
            await using var transaction = await scope.ServiceProvider.GetRequiredService<IStoreTransactionFactory>().BeginAsync(Cancel);
            await scope.ServiceProvider.GetRequiredService<IChangeFeedStore>().AppendAsync(merchant, Entries(merchant, 2), Cancel);
            await transaction.CommitAsync(Cancel);
        }

        using var reader = container.CreateScope();
        Assert.Equal([1L, 2L, 3L, 4L], (await reader.ServiceProvider.GetRequiredService<IChangeFeedStore>().ReadAsync(merchant, 0, 10, Cancel)).Select(e => e.Sequence));
        var counter = await reader.ServiceProvider.GetRequiredService<ShopDbContext>().Set<ChangeFeedCounter>().AsNoTracking().SingleAsync(c => c.MerchantId == merchant, Cancel);
        Assert.Equal(4, counter.LastSequence);
    }

    [Fact]
    public async Task ListAccounts_OfManyCustomers_OrdersByCustomerThenKindThenName()
    {
        var merchant = NewMerchant();
        var ledger = Resolve<ICreditLedgerStore>();
        var customers = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var accounts = new List<LedgerAccount>
        {
            Account(merchant, customers[0], LedgerAccountKind.StoreCredit, "EUR"),
            Account(merchant, customers[0], LedgerAccountKind.CreditLine, "HOUSE"),
            Account(merchant, customers[0], LedgerAccountKind.CreditLine, "BAR"),
            Account(merchant, customers[1], LedgerAccountKind.StoreCredit, "GBP"),
            Account(merchant, customers[2], LedgerAccountKind.StoreCredit, "EUR"),
            Account(NewMerchant(), customers[1], LedgerAccountKind.StoreCredit, "EUR"),
        };
        foreach (var account in accounts)
        {
            Assert.Equal(StoreWriteOutcome.Success, await ledger.CreateAccountAsync(account, Cancel));
        }

        var listed = await ledger.ListAccountsAsync(merchant, [customers[1], customers[0], customers[0], Guid.NewGuid()], Cancel);

        var expected = accounts.Take(4)
            .OrderBy(a => a.CustomerId)
            .ThenBy(a => a.Kind)
            .ThenBy(a => a.NormalizedName, StringComparer.Ordinal)
            .Select(a => a.Id);
        Assert.Equal(expected, listed.Select(a => a.Id));
        Assert.Empty(await ledger.ListAccountsAsync(merchant, [], Cancel));
    }

    private static MerchantId NewMerchant() => new("feed-" + Guid.NewGuid().ToString("N")[..12]);

    private static List<ChangeFeedEntry> Entries(MerchantId merchant, int count) =>
        Enumerable.Range(0, count).Select(_ => CustomerEntry(merchant, Guid.CreateVersion7(), ChangeKind.CustomerUpdated)).ToList();

    private static ChangeFeedEntry CustomerEntry(MerchantId merchant, Guid customerId, ChangeKind kind) => new()
    {
        MerchantId = merchant,
        Kind = kind,
        EntityId = customerId,
        OccurredAt = Noon,
        Customer = new TillCustomerSnapshot { Id = customerId, Version = 1, FirstName = "Till", Points = 1.5m },
    };

    private static AuditEntry Audit(MerchantId merchant, Guid entityId, DateTimeOffset at, ChangeKind operation, long sequence = 1, params string[] fields) => new()
    {
        Id = Guid.CreateVersion7(),
        Sequence = sequence,
        MerchantId = merchant,
        EntityId = entityId,
        Operation = operation,
        At = at,
        Actor = "tester",
        Fields = fields,
    };

    private static LedgerAccount Account(MerchantId merchant, Guid customerId, LedgerAccountKind kind, string name) => new()
    {
        Id = Guid.CreateVersion7(),
        MerchantId = merchant,
        CustomerId = customerId,
        Kind = kind,
        Unit = kind == LedgerAccountKind.StoreCredit ? name : "EUR",
        Name = name,
        NormalizedName = name,
        Version = 1,
        CreatedAt = Noon,
        UpdatedAt = Noon,
    };

    private async Task AppendCommittedAsync(MerchantId merchant, IReadOnlyList<ChangeFeedEntry> entries)
    {
        await using var transaction = await Resolve<IStoreTransactionFactory>().BeginAsync(Cancel);
        await Resolve<IChangeFeedStore>().AppendAsync(merchant, entries, Cancel);
        await transaction.CommitAsync(Cancel);
    }

    private ServiceProvider Container()
    {
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB")
            .AddEntityFrameworkStores<CustomerCoreDbContext>(o => UseDatabase(o, _connectionString!));
        var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _containers.Add(container);
        return container;
    }

    /// <summary>Resolves from a new scope of one container: each call is a new DbContext, as in a host.</summary>
    private T Resolve<T>()
        where T : notnull => (_shared ??= Container()).CreateScope().ServiceProvider.GetRequiredService<T>();
}

/// <summary>Reserves numbers for entries and inserts them, as core's unit of work does at commit.</summary>
internal static class ChangeFeedStoreTestExtensions
{
    public static async Task AppendAsync(this IChangeFeedStore feed, MerchantId merchantId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        var last = await feed.ReserveAsync(merchantId, entries.Count, cancellationToken);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].MerchantId = merchantId;
            entries[i].Sequence = last - entries.Count + 1 + i;
        }

        await feed.InsertAsync(entries, cancellationToken);
    }
}
