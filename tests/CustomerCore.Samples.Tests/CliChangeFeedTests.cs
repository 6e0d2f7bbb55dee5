using System.Text.Json;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// <c>changes</c> and <c>customers history</c>, run as the real process on one SQLite file. Every process start costs
/// about a second, so each test builds its story once and checks everything it can along the way.
/// </summary>
public sealed class CliChangeFeedTests : IDisposable
{
    private const string AnnEmail = "ann.feed@example.com";
    private const string AnnPhone = "+1 415 555 2671";

    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<JsonElement> OkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(["--json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    /// <summary>
    /// Ann created (1), Bob created (2), group Staff created (3), Ann put in the group (4), store credit issued to Ann:
    /// her account opened (5) and credited (6). Returns Ann's id.
    /// </summary>
    private async Task<string> BuildStoryAsync()
    {
        var ann = (await OkAsync("customers", "add", "--first", "Ann", "--email", AnnEmail, "--phone", AnnPhone)).GetProperty("id").GetString()!;
        await OkAsync("customers", "add", "--first", "Bob", "--last", "Stone", "--email", "bob.feed@example.com");
        await OkAsync("groups", "add", "Staff", "--discount", "10%");
        await OkAsync("customers", "set-group", AnnEmail, "staff");
        await OkAsync("credit", "issue", AnnEmail, "--amount", "20", "--currency", "EUR", "--key", "refund-1");
        return ann;
    }

    [Fact]
    public async Task Changes_ListsTheFeedInOrder_PagesByAfterAndTake_AndMasksText()
    {
        var ann = await BuildStoryAsync();

        var all = (await OkAsync("changes")).EnumerateArray().ToList();
        var page = await OkAsync("changes", "--after", "2", "--take", "1");
        var text = await _cli.RunAsync("changes");
        var takeZero = await _cli.RunAsync("changes", "--take", "0");

        Assert.Equal([1L, 2, 3, 4, 5, 6], all.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(
            ["customerCreated", "customerCreated", "groupCreated", "customerUpdated", "storeCreditChanged", "storeCreditChanged"],
            all.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(all, e => Assert.Equal(
            ["sequence", "kind", "entityId", "occurredAt", "customer", "group"],
            e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(JsonValueKind.Null, all[2].GetProperty("customer").ValueKind);
        Assert.Equal(all[2].GetProperty("entityId").GetString(), all[2].GetProperty("group").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, all[0].GetProperty("group").ValueKind);
        Assert.Equal(TimeSpan.Zero, all[0].GetProperty("occurredAt").GetDateTimeOffset().Offset);

        var credited = all[5];
        Assert.Equal(ann, credited.GetProperty("entityId").GetString());
        var snapshot = credited.GetProperty("customer");
        Assert.Equal(ann, snapshot.GetProperty("id").GetString());
        Assert.Equal(AnnEmail, snapshot.GetProperty("email").GetString());
        Assert.Equal("+14155552671", snapshot.GetProperty("phoneE164").GetString());
        Assert.Equal(all[2].GetProperty("entityId").GetString(), snapshot.GetProperty("groupId").GetString());
        Assert.False(snapshot.GetProperty("erased").GetBoolean());
        var credit = Assert.Single(snapshot.GetProperty("storeCredit").EnumerateArray());
        Assert.Equal(20m, credit.GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", credit.GetProperty("currency").GetString());
        Assert.Equal(
            ["id", "version", "firstName", "lastName", "displayName", "companyName", "email", "phone", "phoneE164", "secondaryPhoneE164",
             "customerCode", "postalCode", "groupId", "personalDiscount", "points", "storeCredit", "erased"],
            snapshot.EnumerateObject().Select(p => p.Name));

        var only = Assert.Single(page.EnumerateArray());
        Assert.Equal(3, only.GetProperty("sequence").GetInt64());
        Assert.Equal("groupCreated", only.GetProperty("kind").GetString());

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal(7, text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("Next: --after 6", text.Out, StringComparison.Ordinal);
        Assert.Contains("a***@example.com", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(AnnEmail, text.Out, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("4155552671", text.Out, StringComparison.Ordinal);

        Assert.Equal(2, takeZero.ExitCode);
        Assert.Contains("--take must be a whole number from 1 to 1000", takeZero.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ListsWhoChangedWhichFields_AndSurvivesAnErasureWithoutPersonalData()
    {
        var ann = await BuildStoryAsync();

        var history = (await OkAsync("customers", "history", AnnEmail)).EnumerateArray().ToList();
        await OkAsync("customers", "erase", ann);
        var afterErasure = await _cli.RunAsync("--json", "customers", "history", ann);
        var afterErasureText = await _cli.RunAsync("customers", "history", ann);
        var feedAfterErasure = await _cli.RunAsync("--json", "changes");

        Assert.Equal([1L, 4, 5, 6], history.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(["customerCreated", "customerUpdated", "storeCreditChanged", "storeCreditChanged"], history.Select(e => e.GetProperty("operation").GetString()));
        Assert.All(history, e => Assert.Equal("system", e.GetProperty("actor").GetString()));
        Assert.All(history, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("importBatchId").ValueKind));
        Assert.All(history, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("mergeId").ValueKind));
        Assert.Equal(["FirstName", "Email", "Phone"], Fields(history[0]));
        Assert.Equal(["GroupId"], Fields(history[1]));
        Assert.Equal(
            ["sequence", "at", "actor", "operation", "fields", "importBatchId", "mergeId"],
            history[0].EnumerateObject().Select(p => p.Name));

        Assert.True(afterErasure.ExitCode == 0, afterErasure.ToString());
        var erasedHistory = afterErasure.Json().EnumerateArray().ToList();
        Assert.Equal([1L, 4, 5, 6, 7], erasedHistory.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("customerErased", erasedHistory[^1].GetProperty("operation").GetString());
        Assert.Equal(["FirstName", "Email", "Phone"], Fields(erasedHistory[0]));
        Assert.True(afterErasureText.ExitCode == 0, afterErasureText.ToString());
        foreach (var output in new[] { afterErasure.Out, afterErasureText.Out, feedAfterErasure.Out })
        {
            Assert.DoesNotContain(AnnEmail, output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("4155552671", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Ann\"", output, StringComparison.Ordinal);
        }
    }

    private static string[] Fields(JsonElement entry) =>
        entry.GetProperty("fields").EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToArray();
}
