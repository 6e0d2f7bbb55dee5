using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CustomerCore.Importing;
using CustomerCore.Sample.Console;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Benchmarks;

/// <summary>
/// An applied import of new customers into a fresh SQLite file (check pass, then the write pass in one transaction)
/// against the raw baseline: one prepared upsert per row into a table with the same lookup indexes, in one
/// transaction (<see cref="BenchRawBaselines.Upsert"/>, shared with the CLI's <c>bench</c>). Each invocation gets a
/// new file, so both sides always insert rather than update.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private string _folder = string.Empty;
    private string _file = string.Empty;
    private string _database = string.Empty;
    private int _run;

    [Params(20_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("customercore-bench-import-").FullName;
        _file = Path.Combine(_folder, "customers.csv");
        BenchWorkload.WriteCsv(_file, Rows);
    }

    [IterationSetup]
    public void NewDatabase() => _database = Path.Combine(_folder, $"run-{++_run}.db");

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void RawUpsert() => BenchRawBaselines.Upsert(_database, SqliteDirectory.Merchant, _file);

    [Benchmark]
    public async Task<int> ImporterApply()
    {
        await using var services = await SqliteDirectory.OpenAsync(_database);
        using var scope = services.CreateScope();
        await using var input = File.OpenRead(_file);
        var result = await scope.ServiceProvider.GetRequiredService<CustomerImporter>()
            .ApplyAsync(SqliteDirectory.Merchant, input, new CustomerImportOptions { MaxReportedRows = 0 });
        return result.Succeeded && result.Value!.Created == Rows
            ? Rows
            : throw new InvalidOperationException("The benchmark import failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
