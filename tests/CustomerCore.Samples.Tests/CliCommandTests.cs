using System.Text.Json;

namespace CustomerCore.Samples.Tests;

/// <summary>The groups, credit, tickets, merge and import commands, each run as a real process on one SQLite file.</summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<JsonElement> OkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(["--json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    private async Task<string> AddCustomerAsync(string first, string email, string? phone = null)
    {
        string[] args = phone is null
            ? ["customers", "add", "--first", first, "--email", email]
            : ["customers", "add", "--first", first, "--email", email, "--phone", phone];
        return (await OkAsync(args)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task GroupsAndDiscounts_CreateAssignListRenameDelete()
    {
        var customer = await AddCustomerAsync("Gina", "gina@example.com");

        await OkAsync("groups", "add", "Staff", "--discount", "10%");
        await OkAsync("customers", "set-group", "gina@example.com", "staff");
        var listed = Assert.Single((await OkAsync("groups", "list")).EnumerateArray());
        Assert.Equal("Staff", listed.GetProperty("name").GetString());
        Assert.Equal(1, listed.GetProperty("members").GetInt32());

        await OkAsync("groups", "rename", "Staff", "Team");
        var discount = await OkAsync("customers", "set-discount", customer, "5.00", "--currency", "EUR");
        Assert.Equal("5.00 EUR", discount.GetProperty("discount").GetString());
        var deleted = await OkAsync("groups", "delete", "team");
        Assert.Equal(1, deleted.GetProperty("ungrouped").GetInt32());
        Assert.Empty((await OkAsync("groups", "list")).EnumerateArray());

        var badPercent = await _cli.RunAsync("--json", "customers", "set-discount", customer, "150%");
        Assert.Equal(1, badPercent.ExitCode);
        Assert.Equal("discount_percentage_out_of_range", badPercent.Json().GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task TicketLinesAndPreferences_ShowTheTopItemsAndPreferences()
    {
        await AddCustomerAsync("Tess", "tess@example.com");
        await OkAsync("tickets", "record", "L-1", "--status", "completed", "--currency", "EUR", "--customer", "tess@example.com",
            "--line", "TEA:Tea: green, 250 g:2:4.50", "--line", "MUG:Mug:1:8");
        var second = await OkAsync("tickets", "record", "L-2", "--status", "completed", "--currency", "EUR", "--customer", "tess@example.com",
            "--line", "TEA:Tea: green, 250 g:1.5:4.50");
        Assert.Equal(6.75m, second.GetProperty("total").GetDecimal());
        Assert.Equal(1, second.GetProperty("lines").GetInt32());

        var refunded = await OkAsync("tickets", "refund", "L-1", "--return", "MUG:1");
        Assert.Equal(8m, refunded.GetProperty("refunded").GetDecimal());
        var tooMany = await _cli.RunAsync("--json", "tickets", "refund", "L-1", "--return", "TEA:3");
        Assert.Equal(1, tooMany.ExitCode);
        Assert.Equal("return_exceeds_quantity", tooMany.Json().GetProperty("errors")[0].GetProperty("code").GetString());

        await OkAsync("customers", "set-preference", "tess@example.com", "size", "M");
        await OkAsync("customers", "set-preference", "tess@example.com", "receipt", "email");
        var removed = await OkAsync("customers", "set-preference", "tess@example.com", "size", "--remove");
        Assert.Equal("receipt", Assert.Single(removed.GetProperty("preferences").EnumerateArray()).GetProperty("name").GetString());

        var shown = await OkAsync("customers", "show", "tess@example.com");
        var tea = Assert.Single(shown.GetProperty("topItems").EnumerateArray());
        Assert.Equal("TEA", tea.GetProperty("sku").GetString());
        Assert.Equal("Tea: green, 250 g", tea.GetProperty("description").GetString());
        Assert.Equal(2, tea.GetProperty("timesBought").GetInt32());
        Assert.Equal(3.5m, tea.GetProperty("quantity").GetDecimal());
        Assert.Equal(15.75m, tea.GetProperty("spent").GetProperty("EUR").GetDecimal());
        Assert.Equal(JsonValueKind.String, tea.GetProperty("lastBought").ValueKind);
        Assert.Equal("email", Assert.Single(shown.GetProperty("preferences").EnumerateArray()).GetProperty("value").GetString());
        Assert.True(shown.TryGetProperty("recentPurchases", out _));

        var text = await _cli.RunAsync("customers", "show", "tess@example.com");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("top items:", text.Out, StringComparison.Ordinal);
        Assert.Contains("TEA Tea: green, 250 g: bought 2 time(s)", text.Out, StringComparison.Ordinal);
        Assert.Contains("preferences: receipt: email", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_ChargeToTheLimitPayIssueRedeemAndBalance()
    {
        await AddCustomerAsync("Carl", "carl@example.com");
        await OkAsync("credit", "add-option", "carl@example.com", "--name", "House", "--limit", "100", "--currency", "EUR", "--term", "14");

        await OkAsync("credit", "charge", "carl@example.com", "--amount", "80", "--currency", "EUR", "--key", "sale-1");
        var replay = await OkAsync("credit", "charge", "carl@example.com", "--amount", "80", "--currency", "EUR", "--key", "sale-1");
        var overLimit = await _cli.RunAsync("--json", "credit", "charge", "carl@example.com", "--amount", "30", "--currency", "EUR", "--key", "sale-2");
        await OkAsync("credit", "pay", "carl@example.com", "--amount", "50", "--currency", "EUR", "--key", "pay-1");
        await OkAsync("credit", "issue", "carl@example.com", "--amount", "20", "--currency", "EUR", "--key", "refund-1");
        var tooMuch = await _cli.RunAsync("--json", "credit", "redeem", "carl@example.com", "--amount", "25", "--currency", "EUR", "--key", "spend-1");
        await OkAsync("credit", "redeem", "carl@example.com", "--amount", "15", "--currency", "EUR", "--key", "spend-2");
        var balances = (await OkAsync("credit", "balance", "carl@example.com")).EnumerateArray().ToList();

        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(1, overLimit.ExitCode);
        Assert.Equal("credit_limit_exceeded", overLimit.Json().GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(1, tooMuch.ExitCode);
        Assert.Equal(30m, balances.Single(a => a.GetProperty("kind").GetString() == "creditLine").GetProperty("balance").GetDecimal());
        Assert.Equal(5m, balances.Single(a => a.GetProperty("kind").GetString() == "storeCredit").GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Tickets_AttachedAfterTheSale_EarnPointsThatRefundsReverse()
    {
        await AddCustomerAsync("Tess", "tess@example.com");

        await OkAsync("tickets", "record", "R-1", "--total", "40.75", "--status", "completed", "--lines", "2");
        var attached = await OkAsync("tickets", "attach", "R-1", "tess@example.com");
        var shown = await OkAsync("customers", "show", "tess@example.com");
        await OkAsync("tickets", "refund", "R-1", "--amount", "10.75");
        var afterRefund = await OkAsync("customers", "show", "tess@example.com");
        var detached = await OkAsync("tickets", "detach", "R-1");

        Assert.Equal(40m, attached.GetProperty("pointsAwarded").GetDecimal());
        Assert.Equal(1, shown.GetProperty("statistics").GetProperty("visitCount").GetInt32());
        Assert.Equal(40m, shown.GetProperty("statistics").GetProperty("pointsBalance").GetDecimal());
        Assert.Equal("R-1", Assert.Single(shown.GetProperty("recentPurchases").EnumerateArray()).GetProperty("ticketReference").GetString());
        Assert.Equal(30m, afterRefund.GetProperty("statistics").GetProperty("pointsBalance").GetDecimal());
        Assert.Equal(30m, afterRefund.GetProperty("statistics").GetProperty("totalSpent").GetProperty("USD").GetDecimal());
        Assert.Equal(JsonValueKind.Null, detached.GetProperty("customerId").ValueKind);
    }

    [Fact]
    public async Task Merge_PreviewChangesNothing_MergeMovesTicketsAndUndoRestores()
    {
        var keep = await AddCustomerAsync("Kim", "kim@example.com");
        var remove = await AddCustomerAsync("Kimberly", "kimberly@example.com", "+1 212 555 0142");
        await OkAsync("tickets", "record", "M-1", "--total", "12", "--status", "completed", "--customer", remove);

        var preview = await OkAsync("customers", "merge", keep, remove, "--preview", "--take", "FirstName");
        Assert.Equal(1, preview.GetProperty("ticketsToMove").GetInt32());
        Assert.Equal("Kimberly", preview.GetProperty("merged").GetProperty("firstName").GetString());
        Assert.Equal("Kimberly", (await OkAsync("customers", "show", remove)).GetProperty("customer").GetProperty("firstName").GetString());

        var merged = await OkAsync("customers", "merge", keep, remove, "--take", "FirstName");
        var shown = await OkAsync("customers", "show", remove);
        Assert.Equal(keep, shown.GetProperty("customer").GetProperty("id").GetString());
        Assert.Equal("+12125550142", shown.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal(1, shown.GetProperty("statistics").GetProperty("visitCount").GetInt32());

        await OkAsync("customers", "merge", "--undo", merged.GetProperty("mergeId").GetString()!);
        Assert.Equal(remove, (await OkAsync("customers", "show", remove)).GetProperty("customer").GetProperty("id").GetString());
        Assert.Equal("Kim", (await OkAsync("customers", "show", keep)).GetProperty("customer").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task Import_DryRunApplyUndo_AndExportRoundTrips()
    {
        await OkAsync("import", "template", "template.csv");
        var template = await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "template.csv"), TestContext.Current.CancellationToken);
        var header = template.TrimStart('\uFEFF').Split('\n')[0].Trim();
        Assert.Contains("Email", header, StringComparison.OrdinalIgnoreCase);

        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "people.csv"),
            "First Name,Last Name,Email,Phone 1\nAda,Lovelace,ada@example.com,+44 7911 123456\nAlan,Turing,alan@example.com,\nBad,Row,not-an-email,\n", TestContext.Current.CancellationToken);

        var dryRun = await _cli.RunAsync("--json", "import", "people.csv", "--dry-run");
        var refused = await _cli.RunAsync("--json", "import", "people.csv");
        var refusedText = await _cli.RunAsync("import", "people.csv");
        var skipped = await _cli.RunAsync("--json", "import", "people.csv", "--skip-bad-rows", "--errors", "bad.csv");

        Assert.True(dryRun.ExitCode == 1, dryRun.ToString());
        Assert.False(dryRun.Json().GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, dryRun.Json().GetProperty("created").GetInt32());
        Assert.Equal(1, dryRun.Json().GetProperty("errors").GetInt32());
        var error = dryRun.Json().GetProperty("rows").EnumerateArray().First(r => r.GetProperty("severity").GetString() == "error");
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("Email", error.GetProperty("column").GetString());
        Assert.Equal("invalid_email", error.GetProperty("code").GetString());
        Assert.Contains("not a valid email", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, dryRun.Json().GetProperty("warnings").GetInt32());
        Assert.Equal(JsonValueKind.Null, dryRun.Json().GetProperty("batchId").ValueKind);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("import_has_errors", refused.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("--skip-bad-rows", refused.Json().GetProperty("hint").GetString(), StringComparison.Ordinal);
        var refusedRow = Assert.Single(refused.Json().GetProperty("rows").EnumerateArray(), r => r.GetProperty("severity").GetString() == "error");
        Assert.Equal((4, "Email", "invalid_email"), (refusedRow.GetProperty("line").GetInt32(), refusedRow.GetProperty("column").GetString(), refusedRow.GetProperty("code").GetString()));
        Assert.Equal(1, refusedText.ExitCode);
        Assert.Contains("line 4, Email: error invalid_email: ", refusedText.Out, StringComparison.Ordinal);
        var refusedError = Assert.Single(refusedText.Err.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("[import_has_errors]", refusedError, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-rows", refusedError, StringComparison.Ordinal);
        Assert.DoesNotContain("skip bad rows", refusedText.Err, StringComparison.Ordinal);
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("not-an-email", await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "bad.csv"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Single((await OkAsync("customers", "find", "ada@example.com")).EnumerateArray());

        var exported = await OkAsync("export", "out.csv");
        Assert.Equal(2, exported.GetProperty("exported").GetInt32());
        var reimport = await OkAsync("import", "out.csv", "--dry-run");
        Assert.Equal((0, 0, 2), (reimport.GetProperty("created").GetInt32(), reimport.GetProperty("updated").GetInt32(), reimport.GetProperty("unchanged").GetInt32()));

        await OkAsync("import", "--undo", skipped.Json().GetProperty("batchId").GetString()!);
        Assert.Empty((await OkAsync("customers", "find", "ada@example.com")).EnumerateArray());
    }
}

public sealed class CliPrivacyTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ExportDataThenErase_WritesEverythingThenForgetsThePerson()
    {
        var added = await _cli.RunAsync("--json", "customers", "add", "--first", "Erin", "--email", "erin@example.com", "--phone", "+1 415 555 0188");
        Assert.Equal(0, added.ExitCode);
        var id = added.Json().GetProperty("id").GetString()!;

        var exported = await _cli.RunAsync("customers", "export-data", "erin@example.com", "erin.json");
        var erased = await _cli.RunAsync("customers", "erase", id);
        var found = await _cli.RunAsync("--json", "customers", "find", "erin@example.com");

        Assert.Equal(0, exported.ExitCode);
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "erin.json"), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("erin@example.com", document.GetProperty("customer").GetProperty("email").GetString());
        Assert.True(erased.ExitCode == 0, erased.ToString());
        Assert.Empty(found.Json().EnumerateArray());
    }
}
