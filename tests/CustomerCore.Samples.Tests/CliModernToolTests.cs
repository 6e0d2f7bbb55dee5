using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// The real CLI behaves like a modern .NET tool: <c>--version</c>, help on every command, typo suggestions, money always
/// in the currency's minor units, a profile that shows group, discount, credit and points, a <c>--region</c> that must
/// be a real country, tables only on a terminal and progress only where a person watches it.
/// </summary>
public sealed partial class CliModernToolTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<JsonElement> OkAsync(params string[] args) => _cli.OkJsonAsync(args);

    private Task<string> OkTextAsync(params string[] args) => _cli.OkTextAsync(args);

    [Fact]
    public async Task Version_PrintsTheInformationalVersionStampedOnTheAssembly()
    {
        var result = await _cli.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stamped = FileVersionInfo.GetVersionInfo(CliProcess.CliAssemblyPath).ProductVersion;
        Assert.False(string.IsNullOrEmpty(stamped));
        Assert.Equal(stamped, result.Out.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out.Trim());
    }

    [Fact]
    public async Task Help_WorksOnEveryCommand_WithDashH_DashDashHelp_AndTheHelpCommand()
    {
        // The commands are read from the help itself, level by level, so a new command is covered without editing this test.
        var pending = new Queue<string[]>([[]]);
        var seen = new List<string>();
        var failures = new List<string>();
        while (pending.Count > 0)
        {
            var level = pending.ToArray();
            pending.Clear();
            var results = await Task.WhenAll(level.Select(path => _cli.RunAsync([.. path, "-h"])));
            foreach (var (path, result) in level.Zip(results))
            {
                var name = string.Join(' ', path.Prepend("customercore"));
                seen.Add(name);
                // The usage line names the command's words in order (a parent's arguments may stand between them).
                var usage = new Regex(@"Usage:\s+" + string.Join(@"\b.*?\b", path.Prepend("customercore").Select(Regex.Escape)));
                if (result.ExitCode != 0 || !usage.IsMatch(result.Out) || result.Err.Length > 0)
                {
                    failures.Add($"{name} -h: {result}");
                }

                foreach (var sub in Subcommands(result.Out).Where(s => s != "help"))
                {
                    pending.Enqueue([.. path, sub]);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.Contains("customercore customers add", seen);
        Assert.Contains("customercore credit balance", seen);
        Assert.Contains("customercore import template", seen);
        Assert.True(seen.Count >= 35, string.Join(", ", seen));

        var longForm = await _cli.RunAsync("tickets", "refund", "--help");
        var helpCommand = await _cli.RunAsync("help", "tickets", "refund");
        Assert.True(longForm.ExitCode == 0 && helpCommand.ExitCode == 0, $"{longForm}\n{helpCommand}");
        Assert.Equal(longForm.Out, helpCommand.Out);
        Assert.Contains("--return <SKU:QUANTITY>", longForm.Out, StringComparison.Ordinal);

        var root = await _cli.RunAsync("--help");
        Assert.Contains("exit codes: 0 ok, 1 rejected or failed", root.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "custmers", "find", "ann" }, "Did you mean 'customers'?")]
    [InlineData(new[] { "customers", "add", "--emial", "ann@example.com" }, "Did you mean '--email'?")]
    [InlineData(new[] { "credit", "balanse", "ann@example.com" }, "Did you mean 'balance'?")]
    public async Task Typo_IsAUsageError_ThatSuggestsWhatWasMeant(string[] args, string suggestion)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("usage error: ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(suggestion, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Run 'customercore ", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("XX")]
    public async Task Region_ThatIsNoCountry_IsRefusedBeforeAnythingRuns(string region)
    {
        var result = await _cli.RunAsync("--region", region, "customers", "add", "--first", "Ann", "--phone", "555 0100");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"usage error: --region {region} is not a country", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.WorkingDirectory, "customercore.db")), "no database is created for a refused command");

        var known = await _cli.RunAsync("--region", "gb", "--json", "customers", "add", "--first", "Ann", "--phone", "07911 123456");
        Assert.True(known.ExitCode == 0, known.ToString());
        Assert.Equal("+447911123456", known.Json().GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Money_IsAlwaysPrintedWithTheCurrencysMinorUnits_InTextAndJson()
    {
        await OkAsync("customers", "add", "--first", "Mo", "--email", "mo@example.com");

        // Credit lines and store credit.
        await ShowsAsync(["credit", "add-option", "mo@example.com", "--limit", "100"], "limit 100.00 USD");
        await ShowsAsync(["credit", "charge", "mo@example.com", "--amount", "60", "--key", "m-1"], "Charged: 60.00 USD; balance now 60.00 USD");
        await ShowsAsync(["credit", "issue", "mo@example.com", "--amount", "5.5", "--key", "m-2"], "Issued store credit: 5.50 USD; balance now 5.50 USD");
        await ShowsAsync(["--json", "credit", "issue", "mo@example.com", "--amount", "4", "--key", "m-3"], @"""amount"": 4.00,", @"""balance"": 9.50,");
        await ShowsAsync(["credit", "balance", "mo@example.com"], "balance 60.00 USD, limit 100.00 USD", "balance 9.50 USD");
        await ShowsAsync(["--json", "credit", "balance", "mo@example.com"], @"""limit"": 100.00,");

        // Tickets, in a currency with decimals and one without.
        await ShowsAsync(["tickets", "record", "T-USD", "--total", "42.5", "--status", "completed", "--customer", "mo@example.com"], "42.50 USD");
        await ShowsAsync(["tickets", "record", "T-JPY", "--total", "1000", "--currency", "JPY", "--status", "completed", "--customer", "mo@example.com"], "1000 JPY");
        await ShowsAsync(["--json", "tickets", "record", "T-LINES", "--line", "TEA:Tea:2:3", "--currency", "EUR"], @"""total"": 6.00,", @"""unitPrice"": 3.00,", @"""lineTotal"": 6.00,");

        // The profile.
        await ShowsAsync(["customers", "show", "mo@example.com"], "total spent: 42.50 USD, 1000 JPY", "T-USD Completed 42.50 USD");
        var shownJson = await ShowsAsync(["--json", "customers", "show", "mo@example.com"], @"""USD"": 42.50", @"""JPY"": 1000");
        Assert.DoesNotContain(@"""JPY"": 1000.", shownJson, StringComparison.Ordinal);
    }

    /// <summary>Runs a command that must succeed and returns its stdout, which must contain each of <paramref name="expected"/>.</summary>
    private async Task<string> ShowsAsync(string[] args, params string[] expected)
    {
        var output = await OkTextAsync(args);
        foreach (var text in expected)
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }

        return output;
    }

    [Fact]
    public async Task Show_HasGroupDiscountCreditStoreCreditAndPoints_AndMergePreviewNamesGroups()
    {
        await OkAsync("groups", "add", "Regulars", "--discount", "10%");
        await OkAsync("groups", "add", "Staff", "--discount", "2.5");
        await OkAsync("customers", "add", "--first", "Gil", "--email", "gil@example.com");
        await OkAsync("customers", "add", "--first", "Gila", "--email", "gila@example.com");
        await OkAsync("customers", "set-group", "gil@example.com", "Regulars");
        await OkAsync("customers", "set-group", "gila@example.com", "Staff");
        await OkAsync("customers", "set-discount", "gil@example.com", "5");
        await OkAsync("credit", "add-option", "gil@example.com", "--limit", "200", "--name", "Tab");
        await OkAsync("credit", "charge", "gil@example.com", "--amount", "30", "--key", "g-1");
        await OkAsync("credit", "issue", "gil@example.com", "--amount", "7", "--key", "g-2");
        await OkAsync("tickets", "record", "T-GIL", "--total", "25", "--status", "completed", "--customer", "gil@example.com");

        var text = await OkTextAsync("customers", "show", "gil@example.com");
        Assert.Contains("group: Regulars (10 % off)", text, StringComparison.Ordinal);
        Assert.Contains("personal discount: 5.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("credit line 'Tab': balance 30.00 USD, limit 200.00 USD, 30 days", text, StringComparison.Ordinal);
        Assert.Contains("store credit: 7.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("points: 25", text, StringComparison.Ordinal);

        var json = await OkAsync("customers", "show", "gil@example.com");
        Assert.Equal("Regulars", json.GetProperty("group").GetProperty("name").GetString());
        Assert.Equal("percentage", json.GetProperty("group").GetProperty("discount").GetProperty("kind").GetString());
        Assert.Equal(5m, json.GetProperty("personalDiscount").GetProperty("value").GetDecimal());
        Assert.Equal("USD", json.GetProperty("personalDiscount").GetProperty("currency").GetString());
        var line = Assert.Single(json.GetProperty("creditLines").EnumerateArray());
        Assert.Equal("Tab", line.GetProperty("name").GetString());
        Assert.Equal(30m, line.GetProperty("balance").GetDecimal());
        Assert.Equal(200m, line.GetProperty("limit").GetDecimal());
        Assert.Equal(7m, Assert.Single(json.GetProperty("storeCredit").EnumerateArray()).GetProperty("balance").GetDecimal());
        Assert.Equal(25m, json.GetProperty("points").GetDecimal());
        Assert.True(json.TryGetProperty("statistics", out _), "the keys shown before stay");

        var preview = await OkTextAsync("customers", "merge", "gil@example.com", "gila@example.com", "--preview");
        Assert.Contains("Group: keeps 'Regulars' (kept 'Regulars', removed 'Staff')", preview, StringComparison.Ordinal);
        Assert.DoesNotMatch(GuidInDifference(), preview);
        var previewJson = await OkAsync("customers", "merge", "gil@example.com", "gila@example.com", "--preview");
        var group = previewJson.GetProperty("differences").EnumerateArray().Single(d => d.GetProperty("field").GetString() == "GroupId");
        Assert.Equal("Regulars", group.GetProperty("keptName").GetString());
        Assert.Equal("Staff", group.GetProperty("removedName").GetString());
    }

    [Fact]
    public async Task Import_WithRedirectedStderr_WritesNoProgressBar_UnlessAskedForProgressLines()
    {
        var rows = string.Join('\n', Enumerable.Range(1, 300).Select(i => $"Person{i},person{i}@example.com"));
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "people.csv"), "First Name,Email\n" + rows + "\n", TestContext.Current.CancellationToken);

        var dryRun = await _cli.RunAsync("import", "people.csv", "--dry-run");
        var applied = await _cli.RunAsync("import", "people.csv");

        foreach (var result in new[] { dryRun, applied })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain('\r', result.Err);
            Assert.DoesNotContain("[#", result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("..]", result.Err, StringComparison.Ordinal);
            Assert.Equal(string.Empty, result.Err.Trim());
        }

        Assert.Contains("300 to create", applied.Out, StringComparison.Ordinal);

        // Asked for, progress comes as whole lines a program can read, still without control characters.
        var withLines = await _cli.RunAsync("import", "people.csv", "--dry-run", "--progress");
        Assert.True(withLines.ExitCode == 0, withLines.ToString());
        Assert.Contains("progress: Checking 100% 300 rows", withLines.Err, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', withLines.Err);
        Assert.All(withLines.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("progress: Checking ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminal_GetsATable_RedirectedOutputKeepsPlainLines_AndNoColorTurnsColourOff()
    {
        await OkAsync("customers", "add", "--first", "Tia", "--email", "tia@example.com");

        var plain = await OkTextAsync("customers", "find", "tia");
        Assert.StartsWith("Tia · tia@example.com", plain, StringComparison.Ordinal);

        var coloured = await RunInTerminalAsync(noColor: false, "customers", "find", "tia");
        Assert.Contains("│", coloured, StringComparison.Ordinal);
        Assert.Contains("tia@example.com", coloured, StringComparison.Ordinal);
        Assert.Contains("Matched by", coloured, StringComparison.Ordinal);

        var noColour = await RunInTerminalAsync(noColor: true, "customers", "find", "tia");
        Assert.Contains("│", noColour, StringComparison.Ordinal);
        Assert.DoesNotMatch(ColourCode(), noColour);
        Assert.Matches(ColourCode(), coloured);
    }

    /// <summary>Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux <c>script</c>) and returns what it showed.</summary>
    private async Task<string> RunInTerminalAsync(bool noColor, params string[] args)
    {
        // A pseudo-terminal made by script has no size; a person's terminal has one, so give it a wide one.
        var command = "stty cols 160 rows 40; " + string.Join(' ', new[] { "dotnet", CliProcess.CliAssemblyPath }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("script") { WorkingDirectory = _cli.WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "-qefc", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        if (noColor)
        {
            start.Environment["NO_COLOR"] = "1";
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var shown = await output;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{shown}\n{await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
        return shown;
    }

    private static IEnumerable<string> Subcommands(string help)
    {
        var section = help.Split("Commands:", 2);
        if (section.Length < 2)
        {
            return [];
        }

        return section[1].Split('\n').Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ', 2)[0])
            .Where(n => n.Length > 0)
            .ToList();
    }

    [GeneratedRegex(@"'[0-9a-f]{8}-[0-9a-f]{4}-")]
    private static partial Regex GuidInDifference();

    // A foreground or background colour: ESC [ 30–37, 38;…, 39, 40–47, 48;…, 90–97 or 100–107 m, alone or after other codes.
    [GeneratedRegex(@"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")]
    private static partial Regex ColourCode();
}
