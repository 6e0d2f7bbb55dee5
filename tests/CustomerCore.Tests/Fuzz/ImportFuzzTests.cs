using System.Globalization;
using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore;
using CustomerCore.Exporting;
using CustomerCore.Importing;
using CustomerCore.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests.Fuzz;

/// <summary>
/// Generated CSV files (random bytes, every supported encoding, broken quoting, long fields and records, many columns,
/// empty lines, control characters, card numbers, formula prefixes) through the importer. Every case ends either in a
/// clear error that changed nothing, or in an import whose counts add up and whose customers can be read back; no
/// exception escapes except a cancellation that was asked for. Seeded: a failure names the seed that replays it
/// (CUSTOMERCORE_FUZZ_SEED=seed runs that case alone; CUSTOMERCORE_FUZZ_CASES=n runs more).
/// </summary>
public sealed class ImportFuzzTests
{
    private const int FirstSeed = 12_000;
    private const int InMemoryCases = 300;
    private const int SqliteCases = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeneratedFiles_InMemory_EndInAClearErrorOrACorrectImport()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new InMemoryDatabase());
        services.AddCustomerCore(o => o.DefaultRegion = "GB").AddInMemoryStores();
        await using var provider = services.BuildServiceProvider();

        var outcomes = await RunAsync(provider, Seeds(InMemoryCases));

        // The generator must keep producing both kinds of file, or the suite would quietly test only one path.
        if (Environment.GetEnvironmentVariable("CUSTOMERCORE_FUZZ_SEED") is null)
        {
            Assert.True(outcomes.Imported > InMemoryCases / 10, $"only {outcomes.Imported} case(s) imported rows");
            Assert.True(outcomes.Refused > InMemoryCases / 10, $"only {outcomes.Refused} case(s) were refused");
            Assert.True(outcomes.Cancelled > 0, "no case was cancelled");
        }
    }

    [Fact]
    public async Task GeneratedFiles_OnASqliteFile_EndInAClearErrorOrACorrectImport()
    {
        var file = Path.Combine(Path.GetTempPath(), $"customercore-fuzz-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddCustomerCore(o => o.DefaultRegion = "GB")
            .AddEntityFrameworkStores<CustomerCoreDbContext>(db => db.UseSqlite($"Data Source={file};Pooling=False"));
        try
        {
            await using (var provider = services.BuildServiceProvider())
            {
                await using (var scope = provider.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<CustomerCoreDbContext>().Database.EnsureCreatedAsync(Ct);
                }

                // Other seeds than the in-memory run, so the two together cover more files.
                await RunAsync(provider, Seeds(SqliteCases, offset: 100_000));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<int> Seeds(int count, int offset = 0)
    {
        if (Environment.GetEnvironmentVariable("CUSTOMERCORE_FUZZ_SEED") is { } replay)
        {
            return [int.Parse(replay, CultureInfo.InvariantCulture)];
        }

        var scaled = Environment.GetEnvironmentVariable("CUSTOMERCORE_FUZZ_CASES") is { } cases ? int.Parse(cases, CultureInfo.InvariantCulture) : count;
        return Enumerable.Range(FirstSeed + offset, scaled);
    }

    private static async Task<Outcomes> RunAsync(ServiceProvider provider, IEnumerable<int> seeds)
    {
        var outcomes = new Outcomes();
        foreach (var seed in seeds)
        {
            var fuzz = CsvFuzzCase.Create(seed);
            try
            {
                await CheckAsync(provider, fuzz, dryRun: true);
                outcomes.Count(await CheckAsync(provider, fuzz, dryRun: false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || Ct.IsCancellationRequested is false)
            {
                throw new Xunit.Sdk.XunitException($"Import fuzz case failed: {fuzz}. Replay with CUSTOMERCORE_FUZZ_SEED={seed}.\n{ex}");
            }
        }

        return outcomes;
    }

    private static async Task<Outcome> CheckAsync(ServiceProvider provider, CsvFuzzCase fuzz, bool dryRun)
    {
        await using var scope = provider.CreateAsyncScope();
        var merchant = new MerchantId($"fuzz-{fuzz.Seed}-{(dryRun ? "check" : "apply")}");
        var importer = scope.ServiceProvider.GetRequiredService<CustomerImporter>();
        var before = await SnapshotAsync(scope.ServiceProvider, merchant);

        using var cancellation = new CancellationTokenSource();
        var options = fuzz.Options with { Progress = fuzz.CancelAtReport > 0 ? new CancelAtReport(cancellation, fuzz.CancelAtReport) : null };
        await using var input = new MemoryStream(fuzz.File, writable: false);
        OperationResult<ImportReport> result;
        try
        {
            result = dryRun
                ? await importer.DryRunAsync(merchant, input, options, cancellation.Token)
                : await importer.ApplyAsync(merchant, input, options, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Assert.Equal(before, await SnapshotAsync(scope.ServiceProvider, merchant));
            return Outcome.Cancelled;
        }

        var after = await SnapshotAsync(scope.ServiceProvider, merchant);
        if (!result.Succeeded)
        {
            Assert.NotEmpty(result.Errors);
            foreach (var error in result.Errors)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Code), $"an error without a code: {error}");
                AssertSentence(error.Description);
            }

            Assert.Equal(before, after);
            return Outcome.Refused;
        }

        var report = result.Value!;
        Assert.Equal(report.TotalRows, report.Created + report.Updated + report.Unchanged + report.Errors);
        foreach (var issue in report.Issues)
        {
            Assert.False(string.IsNullOrWhiteSpace(issue.Code), $"an issue without a code on line {issue.Line}");
            AssertSentence(issue.Message);
        }

        if (dryRun)
        {
            Assert.Equal(before, after);
            return Outcome.Imported;
        }

        Assert.True(options.ErrorHandling == ImportErrorHandling.SkipInvalidRows || report.Errors == 0, "an all-or-nothing import succeeded with row errors");
        Assert.Equal(before.Customers + report.Created, after.Customers);
        Assert.True(report.Created + report.Updated == 0 ? after.FeedEntries == before.FeedEntries : after.FeedEntries > before.FeedEntries, $"feed {before.FeedEntries} -> {after.FeedEntries}");
        // The report does not name the customers it created; the change feed does, and each must load.
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var written = (await scope.ServiceProvider.GetRequiredService<CustomerChangeFeed>().ReadAsync(merchant, before.LastSequence, CustomerChangeFeed.MaxPageSize, Ct))
            .Value!.Where(e => e.IsCustomerChange).Select(e => e.EntityId).Distinct().ToList();
        Assert.Equal(report.Created + report.Updated, written.Count);
        foreach (var id in written)
        {
            var read = await customers.GetAsync(merchant, id, Ct);
            Assert.True(read.Succeeded, $"customer {id} was written but cannot be read back: {read}");
        }

        return report.Created + report.Updated > 0 ? Outcome.Imported : Outcome.NothingToImport;
    }

    /// <summary>A whole sentence for a person: starts with a letter, digit or quote, ends with a full stop, no placeholder left.</summary>
    private static void AssertSentence(string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text), "an empty message");
        Assert.True(char.IsLetterOrDigit(text[0]) || text[0] is '\'' or '"', $"not a sentence: {text}");
        Assert.True(text.TrimEnd().EndsWith('.'), $"not a sentence: {text}");
        Assert.DoesNotContain("{0}", text, StringComparison.Ordinal);
    }

    private static async Task<StoreSnapshot> SnapshotAsync(IServiceProvider services, MerchantId merchant)
    {
        var exported = await services.GetRequiredService<CustomerExporter>().ExportAsync(merchant, Stream.Null, cancellationToken: Ct);
        Assert.True(exported.Succeeded, exported.ToString());
        var feed = services.GetRequiredService<CustomerChangeFeed>();
        long after = 0, entries = 0;
        while (true)
        {
            var page = await feed.ReadAsync(merchant, after, CustomerChangeFeed.MaxPageSize, Ct);
            Assert.True(page.Succeeded, page.ToString());
            entries += page.Value!.Count;
            if (page.Value.Count < CustomerChangeFeed.MaxPageSize)
            {
                return new StoreSnapshot(exported.Value!.Exported, entries, page.Value.Count > 0 ? page.Value[^1].Sequence : after);
            }

            after = page.Value[^1].Sequence;
        }
    }

    private enum Outcome
    {
        Imported,
        NothingToImport,
        Refused,
        Cancelled,
    }

    private sealed class Outcomes
    {
        public int Imported { get; private set; }

        public int Refused { get; private set; }

        public int Cancelled { get; private set; }

        public void Count(Outcome outcome)
        {
            Imported += outcome == Outcome.Imported ? 1 : 0;
            Refused += outcome == Outcome.Refused ? 1 : 0;
            Cancelled += outcome == Outcome.Cancelled ? 1 : 0;
        }
    }

    private sealed record StoreSnapshot(int Customers, long FeedEntries, long LastSequence);

    /// <summary>Cancels the import from inside its own progress report, so the cancellation lands mid-run.</summary>
    private sealed class CancelAtReport(CancellationTokenSource cancellation, int report) : IProgress<ImportProgress>
    {
        private int _reports;

        public void Report(ImportProgress value)
        {
            if (++_reports >= report)
            {
                cancellation.Cancel();
            }
        }
    }
}
