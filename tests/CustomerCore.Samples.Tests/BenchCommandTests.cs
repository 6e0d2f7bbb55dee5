using System.Text.Json;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// The <c>bench</c> command as a real process. Only the shape and sanity of the report are checked: how fast the
/// machine is decides the numbers, so no assertion here depends on timing.
/// </summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Bench_WithJson_ReportsEverySectionWithPositiveNumbersAndLeavesNoDatabase()
    {
        var result = await _cli.RunAsync("bench", "--rows", "2000", "--customers", "2000", "--item-tickets", "40", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Equal(2000, report.GetProperty("rows").GetInt32());
        Assert.Equal(2000, report.GetProperty("customers").GetInt32());
        Assert.True(report.GetProperty("machine").GetProperty("processorCount").GetInt32() > 0);

        var parse = report.GetProperty("csvParse");
        AssertPositive(parse, "customerCoreSeconds", "rawSeconds", "customerCoreRowsPerSecond", "rawRowsPerSecond", "ratio", "targetRatio");
        AssertMetIsHonest(parse, parse.GetProperty("ratio").GetDouble() >= parse.GetProperty("targetRatio").GetDouble());

        var import = report.GetProperty("import");
        Assert.Equal(2000, import.GetProperty("rows").GetInt32());
        AssertPositive(import, "customerCoreSeconds", "rawSeconds", "customerCoreRowsPerSecond", "rawRowsPerSecond", "ratio", "targetRowsPerSecond", "targetRatio");
        AssertMetIsHonest(import,
            import.GetProperty("customerCoreRowsPerSecond").GetDouble() >= import.GetProperty("targetRowsPerSecond").GetDouble()
            && import.GetProperty("ratio").GetDouble() >= import.GetProperty("targetRatio").GetDouble());

        // The longest a second writer was locked out is part of the write pass, never longer than it.
        var writeLock = import.GetProperty("writeLockSeconds").GetDouble();
        Assert.InRange(writeLock, 0, import.GetProperty("writePassSeconds").GetDouble());

        var identification = report.GetProperty("identification");
        Assert.Equal(2000, identification.GetProperty("customers").GetInt32());
        AssertPositive(identification, "loadSeconds", "loadRowsPerSecond");
        var lookups = identification.GetProperty("lookups").EnumerateArray().ToList();
        Assert.Equal(["exact phone", "exact email", "last 4 digits", "phone prefix", "name prefix", "name prefix, one word"], lookups.Select(l => l.GetProperty("kind").GetString()));
        foreach (var lookup in lookups)
        {
            AssertPositive(lookup, "samples", "p50Milliseconds", "p99Milliseconds", "rawP50Milliseconds", "rawP99Milliseconds", "ratio", "targetP99Milliseconds", "targetRatio");
            Assert.True(lookup.GetProperty("p99Milliseconds").GetDouble() >= lookup.GetProperty("p50Milliseconds").GetDouble(), lookup.ToString());

            // Every lookup is built from a customer that was loaded, so each one must find it.
            Assert.True(lookup.GetProperty("samples").GetInt32() == lookup.GetProperty("hits").GetInt32(), lookup.ToString());
            Assert.Equal(0.3, lookup.GetProperty("targetRatio").GetDouble());
            AssertMetIsHonest(lookup, lookup.GetProperty("p99Milliseconds").GetDouble() <= lookup.GetProperty("targetP99Milliseconds").GetDouble()
                && lookup.GetProperty("ratio").GetDouble() >= lookup.GetProperty("targetRatio").GetDouble());
        }

        var phones = report.GetProperty("phoneNormalization");
        AssertPositive(phones, "numbers", "nanosecondsPerNumber", "bytesPerNumber", "baselineNanosecondsPerNumber", "baselineBytesPerNumber", "ratio");
        Assert.Equal(100, phones.GetProperty("validPercent").GetDouble());

        var items = report.GetProperty("frequentItems");
        Assert.Equal((40, 5, 5), (items.GetProperty("tickets").GetInt32(), items.GetProperty("linesPerTicket").GetInt32(), items.GetProperty("itemsListed").GetInt32()));
        AssertPositive(items, "samples", "loadSeconds", "p50Milliseconds", "p99Milliseconds", "rawP50Milliseconds", "rawP99Milliseconds", "ratio",
            "window90DaysP50Milliseconds", "window90DaysP99Milliseconds");
        Assert.True(items.GetProperty("p99Milliseconds").GetDouble() >= items.GetProperty("p50Milliseconds").GetDouble(), items.ToString());
        AssertMetIsHonest(items, items.GetProperty("p99Milliseconds").GetDouble() <= items.GetProperty("targetP99Milliseconds").GetDouble());

        Assert.Empty(Directory.GetFiles(_cli.WorkingDirectory));
    }

    private static void AssertPositive(JsonElement section, params string[] names)
    {
        foreach (var name in names)
        {
            var value = section.GetProperty(name).GetDouble();
            Assert.True(value > 0 && double.IsFinite(value), $"{name} = {value} in {section}");
        }
    }

    private static void AssertMetIsHonest(JsonElement section, bool expected) =>
        Assert.Equal(expected, section.GetProperty("met").GetBoolean());
}
