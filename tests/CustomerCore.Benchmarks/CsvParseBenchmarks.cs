using BenchmarkDotNet.Attributes;
using CustomerCore.Importing;
using CustomerCore.Sample.Console;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Benchmarks;

/// <summary>
/// The importer's dry run (its whole check pass: parse, map, normalize, validate, batched key lookups) against a raw
/// CsvHelper read of every field of the same file (the baseline). Target (docs/performance.md): the parse stage at
/// least 0.5 × the raw read's speed.
/// </summary>
[MemoryDiagnoser]
public class CsvParseBenchmarks
{
    private string _folder = string.Empty;
    private string _file = string.Empty;
    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private CustomerImporter? _importer;

    [Params(10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _folder = Directory.CreateTempSubdirectory("customercore-bench-parse-").FullName;
        _file = Path.Combine(_folder, "customers.csv");
        BenchWorkload.WriteCsv(_file, Rows);
        _services = await SqliteDirectory.OpenAsync(Path.Combine(_folder, "empty.db"));
        _scope = _services.CreateScope();
        _importer = _scope.ServiceProvider.GetRequiredService<CustomerImporter>();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _scope?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public long RawCsvHelperRead() => BenchRawBaselines.Parse(_file);

    [Benchmark]
    public async Task<int> ImporterDryRun()
    {
        await using var input = File.OpenRead(_file);
        var result = await _importer!.DryRunAsync(SqliteDirectory.Merchant, input, new CustomerImportOptions { MaxReportedRows = 0 });
        return result.Value!.TotalRows;
    }
}
