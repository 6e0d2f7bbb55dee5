using System.Globalization;
using System.Text;
using CustomerCore.Importing;
using CustomerCore.InMemory;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests;

/// <summary>
/// The check pass works out each row's cells, phone, merge and validation on several threads at once
/// (<see cref="CustomerImportOptions.MaxDegreeOfParallelism"/>) and settles what depends on earlier rows (repeated keys,
/// new customers' ids) in file order. Whatever the threads, an import must report and write exactly what one thread does.
/// </summary>
public sealed class ImportParallelismTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheCheck_OnSeveralThreads_ReportsExactlyWhatOneThreadReports_IssuesDiffsAndCounts()
    {
        await using var harness = new ImportHarness();
        await SeedAsync(harness);
        var file = MixedFile(rows: 3_000);

        async Task<ImportReport> DryRunAsync(int threads)
        {
            // Chunks of 1,500 rows: a repeat whose first line is in the chunk before must still be found.
            var result = await harness.Importer.DryRunAsync(
                harness.Merchant, new MemoryStream(file), new CustomerImportOptions { MaxDegreeOfParallelism = threads, ChunkSize = 1_500, MaxReportedRows = 100_000 }, Cancel);
            Assert.True(result.Succeeded, result.ToString());
            return result.Value!;
        }

        var alone = await DryRunAsync(1);
        var together = await DryRunAsync(4);

        // The file has every kind of row the check tells apart, so the comparison covers each path.
        Assert.True(alone is { Created: > 0, Updated: > 0, Unchanged: > 0, Errors: > 0, Warnings: > 0 }, $"{alone.Created} {alone.Updated} {alone.Unchanged} {alone.Errors} {alone.Warnings}");
        Assert.Contains(alone.Issues, i => i.Code == CustomerErrorCodes.ImportDuplicateInFile);
        Assert.Contains(alone.Issues, i => i.Code == CustomerErrorCodes.ImportKeyConflict);
        Assert.Contains(alone.Issues, i => i.Code == CustomerErrorCodes.PossibleDuplicate && i.Severity == ImportIssueSeverity.Error);
        Assert.Contains(alone.Issues, i => i.Code == CustomerErrorCodes.PossibleDuplicate && i.Severity == ImportIssueSeverity.Warning);
        Assert.Equal((alone.Created, alone.Updated, alone.Unchanged, alone.Errors, alone.Warnings, alone.TotalRows), (together.Created, together.Updated, together.Unchanged, together.Errors, together.Warnings, together.TotalRows));
        Assert.Equal(alone.Issues, together.Issues);
        Assert.Equal(Describe(alone.Rows), Describe(together.Rows));
    }

    [Fact]
    public async Task AnApply_OnSeveralThreads_GivesNewCustomersIdsInFileOrder_AndWritesWhatTheCheckReported()
    {
        await using var harness = new ImportHarness();
        var csv = new StringBuilder("Email,First Name,Phone\n");
        for (var i = 0; i < 2_400; i++)
        {
            // Every seventh row is bad (no valid email), so ids are given around rows that create nothing.
            var email = i % 7 == 3 ? "not-an-email" : $"person{i}@example.com";
            csv.Append(CultureInfo.InvariantCulture, $"{email},Person,020 7946 {i:D4}\n");
        }

        var applied = await harness.Importer.ApplyAsync(
            harness.Merchant,
            new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())),
            new CustomerImportOptions { MaxDegreeOfParallelism = 4, ErrorHandling = ImportErrorHandling.SkipInvalidRows },
            Cancel);
        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Equal(2_400 - (2_400 / 7) - (2_400 % 7 > 3 ? 1 : 0), applied.Value!.Created);

        var store = harness.Resolve<ICustomerStore>();
        var ids = new List<Guid>();
        for (var i = 0; i < 2_400; i++)
        {
            var customer = await store.FindByNormalizedEmailAsync(harness.Merchant, $"person{i}@example.com", Cancel);
            Assert.Equal(i % 7 == 3, customer is null);
            if (customer is not null)
            {
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"+44207946{i:D4}"), customer.PhoneE164);
                ids.Add(customer.Id);
            }
        }

        Assert.Equal(ids.Order().ToList(), ids);
    }

    /// <summary>
    /// The consent records of rows decided at once carry the actor the import read on its own thread, not one asked of
    /// the host's access context from the worker threads (a context reading a web request is not thread-safe). The
    /// context here answers differently each time it is asked, so records made from separate reads would differ.
    /// </summary>
    [Fact]
    public async Task ConsentRecordsOfRowsDecidedAtOnce_CarryTheActorTheImportRead()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICustomerCoreAccessContext>(new ChangingActorAccessContext());
        services.AddSingleton(new InMemoryDatabase());
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        MerchantId merchant = "shop-" + Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("Email,First Name,Email Marketing\n");
        for (var i = 0; i < 1_200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"consent{i}@example.com,Person,yes\n");
        }

        var applied = await scope.ServiceProvider.GetRequiredService<CustomerImporter>().ApplyAsync(
            merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), new CustomerImportOptions { MaxDegreeOfParallelism = 4 }, Cancel);
        Assert.True(applied.Succeeded, applied.ToString());

        var store = scope.ServiceProvider.GetRequiredService<ICustomerStore>();
        var history = scope.ServiceProvider.GetRequiredService<IConsentHistoryStore>();
        var actors = new HashSet<string?>(StringComparer.Ordinal);
        for (var i = 0; i < 1_200; i++)
        {
            var customer = await store.FindByNormalizedEmailAsync(merchant, $"consent{i}@example.com", Cancel);
            actors.Add(Assert.Single(await history.ListAsync(merchant, customer!.Id, Cancel)).RecordedBy);
        }

        Assert.StartsWith("staff-", Assert.Single(actors) ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ANonPositiveDegreeOfParallelism_IsRefusedBeforeAnythingIsRead(int threads)
    {
        await using var harness = new ImportHarness();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Importer.DryRunAsync(
            harness.Merchant, new MemoryStream("Email\na@example.com\n"u8.ToArray()), new CustomerImportOptions { MaxDegreeOfParallelism = threads }, Cancel));
    }

    /// <summary>Customers the mixed file updates, leaves unchanged or collides with.</summary>
    private static async Task SeedAsync(ImportHarness harness)
    {
        var csv = new StringBuilder("Email,First Name,Last Name,Phone,Customer Code\n");
        for (var i = 0; i < 600; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"stored{i}@example.com,Stored,Customer,020 7946 {i:D4},S-{i}\n");
        }

        var seeded = await harness.Importer.ApplyAsync(harness.Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), cancellationToken: Cancel);
        Assert.True(seeded.Succeeded, seeded.ToString());
    }

    /// <summary>
    /// Rows of every kind, cycling: new customers; stored ones unchanged or changed; an email repeated from an earlier
    /// line (some a chunk back); a code or phone another stored customer holds; a phone an earlier new row has, with an
    /// email (a warning) and without (an error); a bad email with a card number in its note.
    /// </summary>
    private static byte[] MixedFile(int rows)
    {
        var csv = new StringBuilder("Email,First Name,Last Name,Phone,Customer Code,Note\n");
        for (var i = 0; i < rows; i++)
        {
            var stored = i % 600;
            var line = (i % 10) switch
            {
                0 => $"stored{stored}@example.com,Stored,Customer,020 7946 {stored:D4},S-{stored},",
                1 => $"stored{stored}@example.com,Renamed,Customer,,,",
                2 => $"new{i}@example.com,New,Person,0161 496 {i:D4},N-{i},",
                3 => $"new{i - 1}@example.com,Again,Person,,,",
                4 => $"new{i}@example.com,Code,Taken,,S-{(stored + 1) % 600},",
                5 => $"stored{stored}@example.com,Stored,Customer,020 7946 {(stored + 1) % 600:D4},,",
                6 => $"new{i}@example.com,Phone,Shared,0161 496 {i - 4:D4},,",
                7 => $",Phone,Only,0161 496 {i - 5:D4},,",
                8 => $"not-an-email-{i},Card,Note,,,paid with 4111 1111 1111 1111",
                _ => $"new{(i >= 1_507 ? i - 1_507 : i - 7)}@example.com,Far,Repeat,,,",
            };
            csv.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private sealed class ChangingActorAccessContext : ICustomerCoreAccessContext
    {
        private int _reads;

        public string ActorId => "staff-" + Interlocked.Increment(ref _reads).ToString(CultureInfo.InvariantCulture);

        public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    private static List<string> Describe(IReadOnlyList<ImportRowDiff> rows) =>
        rows.Select(r => $"{r.Line} {r.Action} {r.CustomerId} " + string.Join("; ", r.Changes.Select(c => $"{c.Field}:{c.OldValue}->{c.NewValue}"))).ToList();
}
