using System.Globalization;
using System.Text;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;
using CustomerCore.Importing;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Tests.Importing;

/// <summary>
/// On a SQLite file the importer's write pass goes into a scratch file next to the live one and is merged in one short
/// write at the end, so a till can write while an import writes. These tests make the till write from inside the
/// write pass (its progress report), on another async flow: without the stage it would wait for the import's write lock,
/// which the blocked import never releases.
/// </summary>
public sealed class SqliteStagedImportTests : IAsyncLifetime
{
    private static readonly TimeSpan TillPatience = TimeSpan.FromSeconds(20);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "customercore-staged-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly MerchantId _merchant = new("m-staged-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceProvider _container = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_folder, "live.db");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB")
            .AddEntityFrameworkStores<CustomerCoreDbContext>(o => o.UseSqlite(new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString()));
        _container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = _container.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.EnsureCreatedAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await _container.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ATillWritesWhileAnImportWrites_WithoutWaiting_AndBothLandWithTheFeedInOrder()
    {
        var existing = await CreateAsync("Known", "known@example.com");
        var csv = Csv("known@example.com,Renamed", "a@example.com,Ann", "b@example.com,Bob", "c@example.com,Cat");
        var stagesSeen = 0;
        OperationResult<CustomerCreation>? tillWrite = null;

        var result = await ImportAsync(csv, () =>
        {
            stagesSeen = StageFiles().Count;
            tillWrite = OnAnotherFlow(() => InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
                service.CreateAsync(_merchant, new CustomerInput { FirstName = "Walk-in", Email = "till@example.com" }, cancellationToken: Cancel)));
        });

        Assert.Equal(1, stagesSeen);
        Assert.True(tillWrite!.Succeeded, tillWrite.ToString());
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal((3, 1), (result.Value!.Created, result.Value.Updated));
        Assert.Equal("Renamed", (await FindAsync("known@example.com"))!.FirstName);
        Assert.Equal(existing.Id, (await FindAsync("known@example.com"))!.Id);
        Assert.NotNull(await FindAsync("till@example.com"));
        Assert.NotNull(await FindAsync("c@example.com"));
        Assert.Empty(StageLeftovers());

        // The till's change was numbered while the import was writing; the import's follow it, with no gap or repeat.
        var feed = await InScope<IChangeFeedStore, IReadOnlyList<ChangeFeedEntry>>(store => store.ReadAsync(_merchant, 0, 100, Cancel));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), feed.Select(e => e.Sequence));
        Assert.Equal(tillWrite.Value!.Customer.Id, feed[1].EntityId);
        Assert.All(feed.Skip(2), e => Assert.Equal(ChangeKind.CustomerImported, e.Kind));
        Assert.Equal("Renamed", feed.Single(e => e.EntityId == existing.Id && e.Kind == ChangeKind.CustomerImported).Customer!.FirstName);
    }

    [Fact]
    public async Task ACustomerTheImportUpdatesChangesWhileItWrites_TheImportFailsNamingTheLine_AndWritesNothing()
    {
        var existing = await CreateAsync("Known", "known@example.com");
        var csv = Csv("new@example.com,New", "known@example.com,FromFile");

        var result = await ImportAsync(csv, () => Assert.True(OnAnotherFlow(() => InScope<CustomerService, OperationResult<Customer>>(service =>
            service.UpdateAsync(_merchant, existing.Id, existing.Version, new CustomerInput { FirstName = "ByTill", Email = existing.Email }, Cancel))).Succeeded));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, error.Code);
        Assert.Contains("line 3", error.Description, StringComparison.Ordinal);
        Assert.Equal("ByTill", (await FindAsync("known@example.com"))!.FirstName);
        Assert.Null(await FindAsync("new@example.com"));
        Assert.Equal(2, await FeedCountAsync());
        Assert.Empty(StageLeftovers());
    }

    [Fact]
    public async Task AnEmailTakenWhileTheImportWrites_TheImportFailsNamingTheLine_AndWritesNothing()
    {
        var csv = Csv("first@example.com,First", "taken@example.com,FromFile", "last@example.com,Last");

        var result = await ImportAsync(csv, () => Assert.True(OnAnotherFlow(() => InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
            service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "taken@example.com" }, cancellationToken: Cancel))).Succeeded));

        Assert.False(result.Succeeded);
        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, Assert.Single(result.Errors).Code);
        Assert.Contains("line 3", result.Errors.Single().Description, StringComparison.Ordinal);
        Assert.Equal("ByTill", (await FindAsync("taken@example.com"))!.FirstName);
        Assert.Null(await FindAsync("first@example.com"));
        Assert.Null(await FindAsync("last@example.com"));
        Assert.Equal(1, await FeedCountAsync());
        Assert.Empty(StageLeftovers());
    }

    [Fact]
    public async Task AnImportRenamingACustomerWhoVisited_KeepsTheVisitInTheirNewNameKeys()
    {
        var existing = await CreateAsync("Alex", "alex@example.com");
        var visit = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(StoreWriteOutcome.Success, await InScope<ITicketLinkStore, StoreWriteOutcome>(store => store.CreateAsync(Ticket("T1", existing.Id, visit), Cancel)));

        var result = await ImportAsync(Csv("alex@example.com,Bertha"), () => { });

        Assert.True(result.Succeeded, result.ToString());
        var stored = await NameKeysAsync(existing.Id);
        Assert.Equal(KeysWithVisit((await FindAsync("alex@example.com"))!, visit), stored);
        Assert.DoesNotContain(stored, t => t.Contains("ale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASaleWhileAnImportUpdatesTheCustomer_KeepsTheSalesVisitInTheirNameKeys()
    {
        var existing = await CreateAsync("Alex", "alex@example.com");
        var earlier = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var later = earlier.AddDays(1);
        Assert.Equal(StoreWriteOutcome.Success, await InScope<ITicketLinkStore, StoreWriteOutcome>(store => store.CreateAsync(Ticket("T1", existing.Id, earlier), Cancel)));

        // The file changes the customer's city, not the names, so the stage keeps the name keys it copied in (with the
        // earlier visit) while a till records a later one in the live file.
        var result = await ImportAsync("Email,City\nalex@example.com,Lisbon\n", () => Assert.Equal(StoreWriteOutcome.Success,
            OnAnotherFlow(() => InScope<ITicketLinkStore, StoreWriteOutcome>(store => store.CreateAsync(Ticket("T2", existing.Id, later), Cancel)))));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("Lisbon", (await FindAsync("alex@example.com"))!.City);
        Assert.Equal(KeysWithVisit(existing, later), await NameKeysAsync(existing.Id));
    }

    [Fact]
    public async Task AnImportCancelledWhileItWrites_WritesNothing_AndLeavesNoStageBehind()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var csv = Csv([.. Enumerable.Range(0, 30).Select(i => $"c{i}@example.com,C{i}")]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(csv, cancel.Cancel, cancel.Token));

        Assert.Null(await FindAsync("c0@example.com"));
        Assert.Equal(0, await FeedCountAsync());
        Assert.Empty(StageLeftovers());
    }

    [Fact]
    public async Task AStageLeftByAProcessThatDied_IsDeletedByTheNextImport_OneOfARunningProcessIsNot()
    {
        var dead = Path.Combine(_folder, "live.db.customercore-stage-2147483646-" + Guid.NewGuid().ToString("N"));
        var running = Path.Combine(_folder, $"live.db.customercore-stage-{Environment.ProcessId}-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(dead, "left by a killed import", Cancel);
        await File.WriteAllTextAsync(running, "another import's, still writing", Cancel);

        var result = await ImportAsync(Csv("a@example.com,Ann"), () => { });

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(running));
    }

    [Fact]
    public async Task AnImportLargerThanTheLiveTables_RebuildsTheirIndexes_AsTheyWere_AndATakenEmailStillFailsTheMerge()
    {
        var indexes = await IndexDefinitionsAsync();
        Assert.Contains(indexes, i => i.Contains("NormalizedEmail", StringComparison.Ordinal) && i.StartsWith("CREATE UNIQUE INDEX", StringComparison.Ordinal));

        var refused = await ImportAsync(Csv("a@example.com,Ann", "taken@example.com,FromFile", "c@example.com,Cat"), () => Assert.True(OnAnotherFlow(() =>
            InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
                service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "taken@example.com" }, cancellationToken: Cancel))).Succeeded));
        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, Assert.Single(refused.Errors).Code);
        Assert.Contains("line 3", refused.Errors.Single().Description, StringComparison.Ordinal);
        Assert.Equal(indexes, await IndexDefinitionsAsync());

        // Two new customers into a file holding four: exactly half.
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            await CreateAsync(name, name.ToLowerInvariant() + "@example.com");
        }

        var built = await IndexBuildOrderAsync();
        var applied = await ImportAsync(Csv("d@example.com,Dora", "e@example.com,Eve"), () => { });
        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Equal(indexes, await IndexDefinitionsAsync());

        // Built again (a new schema row) after the stage's rows went in: the customers' indexes and their name rows' too,
        // although the name rows (a table without row ids) are sized by their customers.
        var rebuilt = await IndexBuildOrderAsync();
        Assert.True(rebuilt[EmailIndex] > built[EmailIndex]);
        Assert.True(rebuilt[NameIndex] > built[NameIndex]);
        Assert.Equal("Dora", (await FindAsync("d@example.com"))!.FirstName);
        Assert.Null(await FindAsync("a@example.com"));
    }

    [Fact]
    public async Task AnImportSmallerThanTheLiveTables_InsertsIntoTheirIndexes_AndATakenEmailStillFailsTheMerge()
    {
        foreach (var name in new[] { "One", "Two", "Three", "Four" })
        {
            await CreateAsync(name, name.ToLowerInvariant() + "@example.com");
        }

        var indexes = await IndexDefinitionsAsync();
        var refused = await ImportAsync(Csv("taken@example.com,FromFile"), () => Assert.True(OnAnotherFlow(() =>
            InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
                service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "taken@example.com" }, cancellationToken: Cancel))).Succeeded));

        Assert.Equal(CustomerErrorCodes.ImportChangedDuringImport, Assert.Single(refused.Errors).Code);
        Assert.Contains("line 2", refused.Errors.Single().Description, StringComparison.Ordinal);
        Assert.Equal("ByTill", (await FindAsync("taken@example.com"))!.FirstName);
        Assert.Equal(indexes, await IndexDefinitionsAsync());
        var built = await IndexBuildOrderAsync();
        Assert.True((await ImportAsync(Csv("five@example.com,Five"), () => { })).Succeeded);
        Assert.Equal("Five", (await FindAsync("five@example.com"))!.FirstName);
        Assert.Equal(built, await IndexBuildOrderAsync());
    }

    [Fact]
    public async Task TheMergeCopiesWithoutForeignKeyChecks_AndTheConnectionEnforcesThemAgainAfterwards()
    {
        var existing = await CreateAsync("Known", "known@example.com");
        Assert.True((await ImportAsync(Csv("known@example.com,Renamed", "a@example.com,Ann"), () => { })).Succeeded);
        var refused = await ImportAsync(Csv("b@example.com,Bob"), () => Assert.True(OnAnotherFlow(() => InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
            service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "b@example.com" }, cancellationToken: Cancel))).Succeeded));
        Assert.False(refused.Succeeded);

        // The merge turned the checks off on the pooled connection the next unit of work gets: a name row without its
        // customer must still be refused there.
        var orphan = await InScope<CustomerCoreDbContext, SqliteException?>(async context =>
        {
            await context.Database.OpenConnectionAsync(Cancel);
            var enforced = await context.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync(Cancel);
            Assert.Equal(1L, enforced);
            context.Add(new CustomerNameToken { MerchantId = _merchant, CustomerId = Guid.CreateVersion7(), Token = "orphan" });
            var failure = await Record.ExceptionAsync(() => context.SaveChangesAsync(Cancel));
            return (failure as DbUpdateException)?.InnerException as SqliteException;
        });

        Assert.Equal(787, orphan?.SqliteExtendedErrorCode);
        Assert.Equal("Renamed", (await FindAsync("known@example.com"))!.FirstName);
        Assert.Equal(existing.Id, (await FindAsync("known@example.com"))!.Id);
        Assert.Equal(KeysWithoutVisit((await FindAsync("a@example.com"))!), await NameKeysAsync((await FindAsync("a@example.com"))!.Id));
    }

    [Fact]
    public async Task TheMergeRunsWithASmallerPageCacheAndASortHelper_AndTheConnectionHasItsOwnSettingsBackAfterwards()
    {
        var before = await PageCacheAsync();
        var helpersBefore = await SortHelpersAsync();
        Assert.True((await ImportAsync(Csv("a@example.com,Ann"), () => { })).Succeeded);
        var refused = await ImportAsync(Csv("b@example.com,Bob"), () => Assert.True(OnAnotherFlow(() => InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
            service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "b@example.com" }, cancellationToken: Cancel))).Succeeded));
        Assert.False(refused.Succeeded);

        // Set once per pooled connection by the adapter (64 MB); the merge lowers it on the connection the next unit of
        // work gets, after a successful and after a refused merge alike.
        Assert.Equal(-65536L, before);
        Assert.Equal(before, await PageCacheAsync());
        Assert.Equal(0L, helpersBefore);
        Assert.Equal(helpersBefore, await SortHelpersAsync());
    }

    [Fact]
    public async Task AMergeThatCommitted_CopiesItsLogIntoTheFileItself_AndTheConnectionCheckpointsAutomaticallyAgain()
    {
        var before = await AutoCheckpointAsync();
        var rows = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i}@example.com,Name{i}")).ToArray();
        Assert.True((await ImportAsync(Csv(rows), () => { })).Succeeded);

        // The merge committed with the automatic checkpoint off (a few hundred rows stay under its threshold anyway) and
        // checkpointed once the stage was gone: the file itself holds every page of the database, not only the log.
        Assert.Empty(StageLeftovers());
        var (pages, pageSize) = await InScope<CustomerCoreDbContext, (long, long)>(async context => (
            await context.Database.SqlQueryRaw<long>("SELECT page_count AS Value FROM pragma_page_count").SingleAsync(Cancel),
            await context.Database.SqlQueryRaw<long>("SELECT page_size AS Value FROM pragma_page_size").SingleAsync(Cancel)));
        Assert.True(new FileInfo(DatabasePath).Length >= pages * pageSize, $"the file holds {new FileInfo(DatabasePath).Length} bytes of {pages * pageSize}");

        var refused = await ImportAsync(Csv("b@example.com,Bob"), () => Assert.True(OnAnotherFlow(() => InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
            service.CreateAsync(_merchant, new CustomerInput { FirstName = "ByTill", Email = "b@example.com" }, cancellationToken: Cancel))).Succeeded));
        Assert.False(refused.Succeeded);
        Assert.Equal(1000L, before);
        Assert.Equal(before, await AutoCheckpointAsync());
    }

    // Not a table-valued pragma (setting it is a side effect), so it is read with a command of its own.
    private Task<long> AutoCheckpointAsync() => InScope<CustomerCoreDbContext, long>(async context =>
    {
        await context.Database.OpenConnectionAsync(Cancel);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint";
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    });

    private Task<long> SortHelpersAsync() => InScope<CustomerCoreDbContext, long>(async context =>
    {
        await context.Database.OpenConnectionAsync(Cancel);
        return await context.Database.SqlQueryRaw<long>("SELECT threads AS Value FROM pragma_threads").SingleAsync(Cancel);
    });

    private Task<long> PageCacheAsync() => InScope<CustomerCoreDbContext, long>(async context =>
    {
        await context.Database.OpenConnectionAsync(Cancel);
        return await context.Database.SqlQueryRaw<long>("SELECT cache_size AS Value FROM pragma_cache_size").SingleAsync(Cancel);
    });

    private TicketLink Ticket(string reference, Guid customerId, DateTimeOffset completed) => new()
    {
        Id = Guid.CreateVersion7(), MerchantId = _merchant, TicketReference = reference, CustomerId = customerId, Status = TicketStatus.Completed,
        Currency = "EUR", Total = 10m, OpenedAt = completed, CompletedAt = completed, Version = 1,
    };

    /// <summary>The name index rows a customer with these names and this latest visit must have, in key order.</summary>
    private static List<string> KeysWithVisit(Customer customer, DateTimeOffset visit) => [.. CustomerNameIndex.KeysFor(customer.NameTokens)
        .Select(k => CustomerNameIndex.IsVisitKey(k) ? CustomerNameIndex.VisitKey(k[1..4], visit.UtcTicks, CustomerNameIndex.SortName(customer.NameTokens)) : k)
        .Order(StringComparer.Ordinal)];

    /// <summary>The live file's index definitions, as SQLite keeps them, in name order.</summary>
    private Task<List<string>> IndexDefinitionsAsync() => InScope<CustomerCoreDbContext, List<string>>(context => context.Database
        .SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").ToListAsync(Cancel));

    private const string EmailIndex = "IX_Customers_MerchantId_NormalizedEmail";
    private const string NameIndex = "IX_CustomerNameTokens_MerchantId_Token_CustomerId";

    // An index dropped and created again gets a new, higher row in the schema table.
    private async Task<Dictionary<string, long>> IndexBuildOrderAsync() =>
        (await InScope<CustomerCoreDbContext, List<string>>(context => context.Database
            .SqlQueryRaw<string>("SELECT name || ' ' || rowid AS Value FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").ToListAsync(Cancel)))
        .Select(row => row.Split(' '))
        .ToDictionary(row => row[0], row => long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));

    private static List<string> KeysWithoutVisit(Customer customer) => [.. CustomerNameIndex.KeysFor(customer.NameTokens).Order(StringComparer.Ordinal)];

    private async Task<List<string>> NameKeysAsync(Guid customerId) =>
        [.. (await InScope<CustomerCoreDbContext, List<string>>(context => context.Set<CustomerNameToken>()
            .Where(t => t.MerchantId == _merchant && t.CustomerId == customerId).Select(t => t.Token).ToListAsync(Cancel))).Order(StringComparer.Ordinal)];

    private static string Csv(params string[] rows) => "Email,First Name\n" + string.Join("\n", rows) + "\n";

    private async Task<OperationResult<ImportReport>> ImportAsync(string csv, Action duringWrite, CancellationToken? cancellationToken = null)
    {
        await using var scope = _container.CreateAsyncScope();
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var options = new CustomerImportOptions { ChunkSize = 1, Progress = new OnFirstWrite(duringWrite) };
        return await scope.ServiceProvider.GetRequiredService<CustomerImporter>().ApplyAsync(_merchant, file, options, cancellationToken ?? Cancel);
    }

    /// <summary>The stages next to the live file (without their journals).</summary>
    private List<string> StageFiles() =>
        [.. Directory.EnumerateFiles(_folder, "live.db.customercore-stage-*").Where(f => !new[] { "-journal", "-wal", "-shm" }.Any(s => f.EndsWith(s, StringComparison.Ordinal)))];

    /// <summary>Every file a stage left next to the live file, journals included.</summary>
    private List<string> StageLeftovers() => [.. Directory.EnumerateFiles(_folder, "live.db.customercore-stage-*")];

    /// <summary>Runs a till's write on a flow of its own (not the import's, whose staged transaction it would join) and
    /// waits for it, but not forever: a till locked out by the import would never finish.</summary>
    private static T OnAnotherFlow<T>(Func<Task<T>> write)
    {
        Task<T> running;
        using (ExecutionContext.SuppressFlow())
        {
            running = Task.Run(write);
        }

        Assert.True(running.Wait(TillPatience), "the till's write waited for the import");
        return running.Result;
    }

    private async Task<TResult> InScope<TService, TResult>(Func<TService, Task<TResult>> use)
        where TService : notnull
    {
        await using var scope = _container.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<Customer> CreateAsync(string firstName, string email)
    {
        var created = await InScope<CustomerService, OperationResult<CustomerCreation>>(service =>
            service.CreateAsync(_merchant, new CustomerInput { FirstName = firstName, Email = email }, cancellationToken: Cancel));
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer;
    }

    private Task<Customer?> FindAsync(string email) =>
        InScope<ICustomerStore, Customer?>(store => store.FindByNormalizedEmailAsync(_merchant, email, Cancel));

    private Task<int> FeedCountAsync() =>
        InScope<IChangeFeedStore, int>(async store => (await store.ReadAsync(_merchant, 0, 1_000, Cancel)).Count);

    private sealed class OnFirstWrite(Action duringWrite) : IProgress<ImportProgress>
    {
        private bool _done;

        public void Report(ImportProgress value)
        {
            if (value.Stage == ImportStage.Writing && !_done)
            {
                _done = true;
                duringWrite();
            }
        }
    }
}
