using System.Text.Json;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// Amounts and currencies a hostile tester types at the real CLI: each is refused with the library's error code and a
/// non-zero exit code, and the ledger shows that nothing was posted.
/// </summary>
public sealed class CliMoneyInputTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<JsonElement> OkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(["--json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    private static JsonElement OnlyError(CliResult result)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        return Assert.Single(result.Json().GetProperty("errors").EnumerateArray());
    }

    private async Task<List<JsonElement>> AccountsAsync(string customer) =>
        (await OkAsync("credit", "balance", customer)).EnumerateArray().ToList();

    [Fact]
    public async Task CreditIssue_DecimalComma_IsRefusedWithAClearErrorAndPostsNothing()
    {
        await OkAsync("customers", "add", "--first", "Dana", "--email", "dana@example.com");

        var json = await _cli.RunAsync("--json", "credit", "issue", "dana@example.com", "--amount", "1,5", "--key", "k-1");
        var text = await _cli.RunAsync("credit", "issue", "dana@example.com", "--amount", "1,5", "--key", "k-2");

        var error = OnlyError(json);
        Assert.Equal("invalid_amount", error.GetProperty("code").GetString());
        Assert.Equal("--amount", error.GetProperty("field").GetString());
        Assert.Contains("1.5", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("error: --amount:", text.Err, StringComparison.Ordinal);
        Assert.Contains("[invalid_amount]", text.Err, StringComparison.Ordinal);
        Assert.Empty(await AccountsAsync("dana@example.com"));
    }

    [Theory]
    [InlineData("1,000.00")]
    [InlineData("1e3")]
    [InlineData("5.")]
    [InlineData("$5")]
    [InlineData("٥")]
    [InlineData("12.345")]
    public async Task CreditCharge_AmountNotInTheInvariantForm_IsRefusedAndTheLineIsUntouched(string amount)
    {
        await OkAsync("customers", "add", "--first", "Carl", "--email", "carl@example.com");
        await OkAsync("credit", "add-option", "carl@example.com", "--name", "House", "--limit", "5000", "--currency", "EUR");

        var refused = await _cli.RunAsync("--json", "credit", "charge", "carl@example.com", "--amount", amount, "--currency", "EUR", "--key", "sale-1");

        var code = OnlyError(refused).GetProperty("code").GetString();
        Assert.Contains(code, new[] { "invalid_amount", "too_many_decimals" });
        var line = Assert.Single(await AccountsAsync("carl@example.com"));
        Assert.Equal(0m, line.GetProperty("balance").GetDecimal());
    }

    [Theory]
    [InlineData("99999999999999999999999999999")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("100000000000000")]
    [InlineData("1000000000.01")]
    public async Task CreditIssue_HugeAmount_IsRefusedAndLaterPostingsStillWork(string amount)
    {
        await OkAsync("customers", "add", "--first", "Hugo", "--email", "hugo@example.com");

        var huge = await _cli.RunAsync("--json", "credit", "issue", "hugo@example.com", "--amount", amount, "--key", "huge");
        var next = await OkAsync("credit", "issue", "hugo@example.com", "--amount", "5", "--key", "next");
        var most = await OkAsync("credit", "issue", "hugo@example.com", "--amount", "999999995", "--key", "most");
        var over = await _cli.RunAsync("--json", "credit", "issue", "hugo@example.com", "--amount", "0.01", "--key", "over");

        Assert.Equal("amount_too_large", OnlyError(huge).GetProperty("code").GetString());
        Assert.Equal(5m, next.GetProperty("balance").GetDecimal());
        Assert.Equal(1_000_000_000m, most.GetProperty("balance").GetDecimal());
        Assert.Equal("balance_limit_exceeded", OnlyError(over).GetProperty("code").GetString());
        var account = Assert.Single(await AccountsAsync("hugo@example.com"));
        Assert.Equal(1_000_000_000m, account.GetProperty("balance").GetDecimal());
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd1")]
    [InlineData("EURO")]
    public async Task CreditIssue_UnknownCurrency_IsRefusedAndOpensNoAccount(string currency)
    {
        await OkAsync("customers", "add", "--first", "Uma", "--email", "uma@example.com");

        var refused = await _cli.RunAsync("--json", "credit", "issue", "uma@example.com", "--amount", "5", "--currency", currency, "--key", "k");
        var lowerCase = await OkAsync("credit", "issue", "uma@example.com", "--amount", "5", "--currency", "eur", "--key", "k-eur");

        var error = OnlyError(refused);
        Assert.Equal("invalid_currency", error.GetProperty("code").GetString());
        Assert.Equal("--currency", error.GetProperty("field").GetString());
        Assert.Equal("EUR", lowerCase.GetProperty("unit").GetString());
        Assert.Equal("EUR", Assert.Single(await AccountsAsync("uma@example.com")).GetProperty("unit").GetString());
    }

    [Fact]
    public async Task OtherAmounts_TicketsPointsAndDiscounts_UseTheSameParser()
    {
        await OkAsync("customers", "add", "--first", "Tom", "--email", "tom@example.com");

        var total = await _cli.RunAsync("--json", "tickets", "record", "R-1", "--total", "1,5");
        var points = await _cli.RunAsync("--json", "loyalty", "redeem", "tom@example.com", "1,000");
        var fractionalPoints = await _cli.RunAsync("--json", "loyalty", "redeem", "tom@example.com", "1.5");
        var discount = await _cli.RunAsync("--json", "customers", "set-discount", "tom@example.com", "1,5", "--currency", "EUR");
        var percent = await _cli.RunAsync("--json", "groups", "add", "Staff", "--discount", "12,5%");
        var yen = await _cli.RunAsync("--json", "tickets", "record", "R-2", "--total", "100.5", "--currency", "JPY");

        Assert.Equal("invalid_amount", OnlyError(total).GetProperty("code").GetString());
        Assert.Equal("invalid_amount", OnlyError(points).GetProperty("code").GetString());
        Assert.Equal("too_many_decimals", OnlyError(fractionalPoints).GetProperty("code").GetString());
        Assert.Equal("invalid_amount", OnlyError(discount).GetProperty("code").GetString());
        Assert.Equal("invalid_amount", OnlyError(percent).GetProperty("code").GetString());
        Assert.Equal("too_many_decimals", OnlyError(yen).GetProperty("code").GetString());
        Assert.Equal(1, (await _cli.RunAsync("--json", "tickets", "attach", "R-1", "tom@example.com")).ExitCode);
        Assert.Empty((await OkAsync("groups", "list")).EnumerateArray());
    }
}
