using System.Diagnostics;
using CustomerCore.Customers;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

/// <summary>
/// The frequently-bought list of one customer with many tickets (DESIGN: 5,000 tickets × 5 lines, p99 ≤ 5 ms on SQLite),
/// through <see cref="TicketLinkService.GetFrequentItemsAsync"/>, against one prepared SELECT of the same item totals
/// on the same file. The tickets are recorded, attached and paid through the service, so the totals are the
/// ones the ticket writer keeps.
/// </summary>
internal static class BenchFrequentItems
{
    public const int DefaultTickets = 5_000;
    public const int LinesPerTicket = 5;
    public const double TargetP99Milliseconds = 5.0;
    private const int Top = 5;
    private const int Catalogue = 400;
    private const int Samples = 1_000;
    private const int WarmUps = 100;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);

    public static async Task<FrequentItemsSection> MeasureAsync(string folder, MerchantId merchant, string region, int tickets, TextWriter progress, CancellationToken cancellationToken)
    {
        var database = Path.Combine(folder, "items.db");
        await using var services = await CliHost.BuildAsync(region, database, cancellationToken);
        Guid shopper;
        double loadSeconds;
        using (var scope = services.CreateScope())
        {
            var start = Stopwatch.GetTimestamp();
            shopper = await SeedAsync(scope.ServiceProvider, merchant, tickets, cancellationToken);
            loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        progress.WriteLine($"  {tickets:N0} tickets × {LinesPerTicket} lines recorded in {loadSeconds:N1} s; measuring…");
        using var queryScope = services.CreateScope();
        var service = queryScope.ServiceProvider.GetRequiredService<TicketLinkService>();
        var top = new PurchaseProfileQuery { Take = Top };
        var window = new PurchaseProfileQuery { Take = Top, Since = DateTimeOffset.UtcNow.AddDays(-90) };
        await using var raw = new RawItemTotals(database, merchant, shopper);
        for (var i = 0; i < WarmUps; i++)
        {
            await service.GetFrequentItemsAsync(merchant, shopper, top, cancellationToken);
            raw.Read();
        }

        var customerCore = new List<double>(Samples);
        var baseline = new List<double>(Samples);
        var windowed = new List<double>(Samples);
        var budget = Stopwatch.StartNew();
        var listed = 0;
        while (customerCore.Count < Samples && (budget.Elapsed < TimeBudget || customerCore.Count < 50))
        {
            var start = Stopwatch.GetTimestamp();
            var items = await service.GetFrequentItemsAsync(merchant, shopper, top, cancellationToken);
            customerCore.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            listed = items.Value?.Count ?? 0;

            start = Stopwatch.GetTimestamp();
            raw.Read();
            baseline.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

            start = Stopwatch.GetTimestamp();
            await service.GetFrequentItemsAsync(merchant, shopper, window, cancellationToken);
            windowed.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        customerCore.Sort();
        baseline.Sort();
        windowed.Sort();
        var p50 = BenchCommand.Percentile(customerCore, 0.50);
        var p99 = BenchCommand.Percentile(customerCore, 0.99);
        var rawP50 = BenchCommand.Percentile(baseline, 0.50);
        return new FrequentItemsSection(
            tickets,
            LinesPerTicket,
            customerCore.Count,
            listed,
            loadSeconds,
            p50,
            p99,
            rawP50,
            BenchCommand.Percentile(baseline, 0.99),
            rawP50 / p50,
            BenchCommand.Percentile(windowed, 0.50),
            BenchCommand.Percentile(windowed, 0.99),
            TargetP99Milliseconds,
            p99 <= TargetP99Milliseconds);
    }

    // One unit of work for the whole load: the writes are the service's own, without a commit per ticket.
    private static async Task<Guid> SeedAsync(IServiceProvider services, MerchantId merchant, int tickets, CancellationToken cancellationToken)
    {
        var customers = services.GetRequiredService<CustomerService>();
        var links = services.GetRequiredService<TicketLinkService>();
        var created = await customers.CreateAsync(merchant, new CustomerInput { FirstName = "Frequent", LastName = "Shopper", Email = "frequent@example.com" }, cancellationToken: cancellationToken);
        var shopper = created.Value?.Customer?.Id ?? throw new InvalidOperationException("Creating the bench customer failed: " + created);
        var random = new Random(20_261_203);
        var firstSale = DateTimeOffset.UtcNow.AddDays(-3 * 365);
        await using var transaction = await services.GetRequiredService<ICustomerCoreUnitOfWork>().BeginAsync(cancellationToken);
        for (var t = 0; t < tickets; t++)
        {
            var reference = "BENCH-" + t.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A regular buys the same few things most of the time: a skewed pick from the catalogue.
            var lines = Enumerable.Range(0, LinesPerTicket).Select(_ =>
            {
                var item = (int)(Catalogue * Math.Pow(random.NextDouble(), 3));
                return new TicketLineReport { Sku = "SKU-" + item, Description = "Item " + item, Category = "Aisle " + (item % 12), Quantity = 1 + random.Next(3), UnitPrice = 1 + item % 20 };
            }).ToList();
            var total = lines.Sum(l => l.Quantity * l.UnitPrice);
            var report = new TicketReport { TicketReference = reference, Total = total, Currency = "USD", Lines = lines };
            Check(await links.ReportAsync(merchant, report, cancellationToken));
            Check(await links.AttachAsync(merchant, reference, shopper, cancellationToken: cancellationToken));
            var paid = firstSale.AddMinutes(t * (3 * 365 * 24 * 60.0 / tickets));
            Check(await links.ReportAsync(merchant, report with { Status = TicketStatus.Completed, CompletedAt = paid }, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return shopper;
    }

    private static void Check(OperationResult<TicketLink> result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Recording a bench ticket failed: " + result);
        }
    }

    /// <summary>
    /// The floor: one prepared SELECT of the same rows the store reads — the customer's items whose times bought, summed
    /// over currencies, reach the fifth largest (<see cref="Top"/>) — every column read, nothing ranked in memory.
    /// </summary>
    private sealed class RawItemTotals : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;

        public RawItemTotals(string database, MerchantId merchant, Guid customerId)
        {
            _connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            _connection.Open();
            _command = _connection.CreateCommand();
            _command.CommandText = $"""
                SELECT * FROM CustomerItemTotals
                WHERE MerchantId = $merchant AND CustomerId = $customer AND Sku IN (
                    SELECT Sku FROM CustomerItemTotals WHERE MerchantId = $merchant AND CustomerId = $customer
                    GROUP BY Sku
                    HAVING SUM(TimesBought) >= COALESCE((
                        SELECT SUM(TimesBought) AS Figure FROM CustomerItemTotals WHERE MerchantId = $merchant AND CustomerId = $customer
                        GROUP BY Sku ORDER BY Figure DESC LIMIT 1 OFFSET {Top - 1}), 0))
                """;
            _command.Parameters.AddWithValue("$merchant", merchant.Value);
            // EF Core's SQLite provider stores a Guid as upper-case text.
            _command.Parameters.AddWithValue("$customer", customerId.ToString().ToUpperInvariant());
            _command.Prepare();
        }

        public int Read() => BenchRawLookups.ReadAll(_command);

        public async ValueTask DisposeAsync()
        {
            await _command.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}

/// <summary>
/// The frequently-bought list (top 5) of one customer through the service against a raw prepared SELECT of the same
/// item totals (the leading items only). Ratio = raw p50 ÷ CustomerCore p50. The 90-day window is computed from the lines and has no target.
/// </summary>
internal sealed record FrequentItemsSection(
    int Tickets,
    int LinesPerTicket,
    int Samples,
    int ItemsListed,
    double LoadSeconds,
    double P50Milliseconds,
    double P99Milliseconds,
    double RawP50Milliseconds,
    double RawP99Milliseconds,
    double Ratio,
    double Window90DaysP50Milliseconds,
    double Window90DaysP99Milliseconds,
    double TargetP99Milliseconds,
    bool Met);
