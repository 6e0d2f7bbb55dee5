using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CustomerCore.Customers;
using CustomerCore.Sample.Console;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Benchmarks;

/// <summary>
/// Till lookups through <see cref="CustomerService.SearchAsync"/> on a pre-built SQLite directory, each against the
/// raw indexed SELECT that answers the same question on the same file (the baseline of its category). Targets
/// (docs/performance.md, at 1,000,000 customers): exact phone or email p99 ≤ 1 ms, last 4 digits ≤ 2 ms, name prefix ≤ 5 ms.
/// Each invocation looks up the next of a fixed set of customers, so no single row stays hot.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LookupBenchmarks
{
    private const int QueryCount = 1_024;

    private BenchCustomer[] _customers = [];
    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private CustomerService? _search;
    private BenchRawLookups? _raw;
    private int _next;

    [Params(100_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var database = await SqliteDirectory.PrebuiltAsync(Customers);
        var random = new Random(20_261_125);
        _customers = Enumerable.Range(0, QueryCount).Select(_ => BenchWorkload.Customer(random.Next(Customers))).ToArray();
        _services = await SqliteDirectory.OpenAsync(database);
        _scope = _services.CreateScope();
        _search = _scope.ServiceProvider.GetRequiredService<CustomerService>();
        _raw = new BenchRawLookups(database, SqliteDirectory.Merchant);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_raw is not null)
        {
            await _raw.DisposeAsync();
        }

        _scope?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ExactPhone")]
    public int RawExactPhone() => _raw!.Find(MatchReason.Phone, Next());

    [Benchmark, BenchmarkCategory("ExactPhone")]
    public Task<int> SearchExactPhone() => SearchAsync(Next().Phone);

    [Benchmark(Baseline = true), BenchmarkCategory("ExactEmail")]
    public int RawExactEmail() => _raw!.Find(MatchReason.Email, Next());

    [Benchmark, BenchmarkCategory("ExactEmail")]
    public Task<int> SearchExactEmail() => SearchAsync(Next().Email.ToUpperInvariant());

    [Benchmark(Baseline = true), BenchmarkCategory("LastFourDigits")]
    public int RawLastFourDigits() => _raw!.Find(MatchReason.PhoneLastDigits, Next());

    [Benchmark, BenchmarkCategory("LastFourDigits")]
    public Task<int> SearchLastFourDigits() => SearchAsync(Next().PhoneLastFour);

    [Benchmark(Baseline = true), BenchmarkCategory("NamePrefix")]
    public int RawNamePrefix() => _raw!.Find(MatchReason.Name, Next());

    [Benchmark, BenchmarkCategory("NamePrefix")]
    public Task<int> SearchNamePrefix()
    {
        var customer = Next();
        return SearchAsync(customer.FirstName[..3] + " " + customer.LastName[..3]);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("NamePrefixOneWord")]
    public int RawNamePrefixOneWord() => _raw!.FindByFirstNameStart(Next());

    [Benchmark, BenchmarkCategory("NamePrefixOneWord")]
    public Task<int> SearchNamePrefixOneWord() => SearchAsync(Next().FirstName[..3]);

    private BenchCustomer Next() => _customers[_next++ % _customers.Length];

    private async Task<int> SearchAsync(string text)
    {
        var found = await _search!.SearchAsync(SqliteDirectory.Merchant, new CustomerQuery(text));
        return found.Value!.Items.Count;
    }
}
