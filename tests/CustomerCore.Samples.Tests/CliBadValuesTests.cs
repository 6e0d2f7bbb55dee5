namespace CustomerCore.Samples.Tests;

/// <summary>
/// Every command of the real CLI, given bad values (missing arguments, wrong types, unknown or malformed ids, huge
/// numbers, empty strings, missing files, folders in place of files, databases that cannot be used), ends with exit code
/// 1 (refused) or 2 (usage error), exactly one error line on stderr, and no unhandled exception or stack trace.
/// </summary>
public sealed class CliBadValuesTests : IDisposable
{
    private const string UnknownId = "0190a000-0000-7000-8000-000000000001";
    private const string Huge = "99999999999999999999999999999999";

    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>The cases; the CLI's usage text lists the commands they cover.</summary>
    private static readonly string[][] Cases =
    [
        // Global options and the database.
        ["frobnicate"],
        ["--busy-timeout", "abc", "customers", "find", "ann"],
        ["--merchant", "", "customers", "find", "ann"],
        ["--db", "a-folder", "customers", "find", "ann"],
        ["--db", "not-a-database.txt", "customers", "find", "ann"],
        ["--db", "Host=;Port=abc", "customers", "find", "ann"],
        ["demo", "--bogus", "1"],

        // customers
        ["customers", "add"],
        ["customers", "add", "--email", ""],
        ["customers", "add", "--phone", Huge + Huge],
        ["customers", "add", "--first", new string('a', 5000)],
        ["customers", "find", ""],
        ["customers", "find", "ann", "--take", Huge],
        ["customers", "show", UnknownId],
        ["customers", "show", "{not-a-guid"],
        ["customers", "merge", "ann@example.com"],
        ["customers", "merge", "--undo", "not-a-guid"],
        ["customers", "merge", "--undo", UnknownId],
        ["customers", "erase", "nobody@example.com"],
        ["customers", "export-data", "ann@example.com", "a-folder"],
        ["customers", "set-group", "ann@example.com", "No Such Group"],
        ["customers", "set-discount", "ann@example.com", "abc"],
        ["customers", "history", UnknownId],

        // groups
        ["groups", "add", ""],
        ["groups", "add", "Weekend", "--discount", "ten"],

        // credit (amount formats such as "1,5" are tested where amounts are parsed, CliMoneyInputTests)
        ["credit", "balance", "nobody@example.com"],
        ["credit", "add-option", "ann@example.com", "--limit", "abc"],
        ["credit", "add-option", "ann@example.com", "--limit", "10", "--term", Huge],
        ["credit", "redeem", "ann@example.com", "--amount", "1000000", "--key", "bad-values-redeem"],
        ["credit", "issue", "ann@example.com", "--amount", Huge, "--key", "bad-values-huge"],

        // tickets and loyalty
        ["tickets", "record"],
        ["tickets", "record", "T-BAD", "--total", "abc"],
        ["tickets", "record", "T-HUGE", "--total", Huge],
        ["tickets", "attach", "NO-SUCH-TICKET", "ann@example.com"],
        ["tickets", "record", "T-LINE", "--line", "no-fields"],
        ["tickets", "record", "T-LINE", "--line", "SKU:Bread:abc:1"],
        ["tickets", "record", "T-LINE", "--line", "SKU:Bread:1:" + Huge],
        ["tickets", "record", "T-LINE", "--line", "SKU:card 4111 1111 1111 1111:1:1"],
        ["tickets", "refund", "T-1", "--return", "NO-SUCH-SKU:1"],
        ["customers", "set-preference", "ann@example.com"],
        ["customers", "set-preference", "ann@example.com", "size"],
        ["customers", "set-preference", "ann@example.com", "size;x", "M"],
        ["customers", "set-preference", "ann@example.com", "size", "M", "--remove"],
        ["loyalty", "redeem", "ann@example.com", Huge, "--key", "bad-values-points"],

        // import and export
        ["import", "missing.csv"],
        ["import", "a-folder"],
        ["import", "--undo", UnknownId],
        ["import", "template", "a-folder"],
        ["import", "bad-rows.csv"],
        ["import", "bad-rows.csv", "--dry-run"],
        ["import", "bad-rows.csv", "--skip-bad-rows", "--errors", "a-folder"],
        ["import", "random-bytes.csv"],
        ["export", ""],

        // changes and bench (only argument errors: the bench itself is never run by tests)
        ["changes", "--after", Huge],
        ["bench", "--rows", "abc"],
    ];

    [Fact]
    public async Task EveryCommand_WithBadValues_FailsWithOneErrorLineAndNoStackTrace()
    {
        await SeedAsync();

        // The cases share one database file and only read it or fail before writing, so they run a few at a time.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            Cases,
            new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = TestContext.Current.CancellationToken },
            async (args, _) =>
            {
                var result = await _cli.RunAsync(["--busy-timeout", "60", .. args]);
                if (Problem(result) is { } problem)
                {
                    failures.Add($"customercore {string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "..." : a))}: {problem}\n{result}");
                }
            });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
    }

    // The database cases below are the ones a person meets most; they are checked word for word.
    [Fact]
    public async Task UnreachablePostgreSql_IsOneLine_WithoutTheConnectionString()
    {
        var result = await _cli.RunAsync("--db", "Host=127.0.0.1;Port=1;Username=till;Password=secret-pw;Database=shop;Timeout=3", "customers", "find", "ann");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: Cannot connect to the PostgreSQL server named by --db (connection refused). Check that it is running and reachable.",
            result.Err.Trim());
        Assert.DoesNotContain("secret-pw", result.Out + result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnopenableSqliteFile_IsOneLine()
    {
        var result = await _cli.RunAsync("--db", Path.Combine("no-such-folder", "x.db"), "customers", "find", "ann");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: The SQLite file named by --db cannot be opened or created", result.Err.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    /// <summary>What is wrong with a bad-values run, or null when it failed the way the CLI promises.</summary>
    private static string? Problem(CliResult result)
    {
        var all = result.Out + result.Err;
        if (all.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) || all.Contains("   at ", StringComparison.Ordinal))
        {
            return "an unhandled exception or stack trace";
        }

        if (all.Contains("internal error", StringComparison.Ordinal))
        {
            return "an internal error (a bug reached the last-resort handler)";
        }

        if (result.ExitCode is not (1 or 2))
        {
            return $"exit code {result.ExitCode}, expected 1 (refused) or 2 (usage error)";
        }

        var errorLines = result.Err.Split('\n').Count(l => l.TrimStart('\r').StartsWith("error: ", StringComparison.Ordinal) || l.StartsWith("usage error: ", StringComparison.Ordinal));
        if (errorLines != 1)
        {
            return $"{errorLines} error lines on stderr, expected one";
        }

        return all.Contains("secret-pw", StringComparison.Ordinal) ? "the connection string's password was printed" : null;
    }

    private async Task SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var args in new[]
        {
            new[] { "customers", "add", "--first", "Ann", "--email", "ann@example.com" },
            ["credit", "add-option", "ann@example.com", "--limit", "100"],
            ["tickets", "record", "T-1", "--total", "10", "--customer", "ann@example.com"],
        })
        {
            var seeded = await _cli.RunAsync(args);
            Assert.True(seeded.ExitCode == 0, seeded.ToString());
        }

        Directory.CreateDirectory(Path.Combine(_cli.WorkingDirectory, "a-folder"));
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "not-a-database.txt"), "just some text, long enough to be read as a header page\n", ct);
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "bad-rows.csv"), "First Name,Email\nBea,bea@example.com\nBad,not-an-email\n", ct);
        var random = new Random(20261203);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        await File.WriteAllBytesAsync(Path.Combine(_cli.WorkingDirectory, "random-bytes.csv"), bytes, ct);
    }
}
