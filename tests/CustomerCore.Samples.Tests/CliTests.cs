using System.Text.Json;

namespace CustomerCore.Samples.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Demo_ShowsDuplicateWarningAndLastFourDigitsMatch()
    {
        var result = await _cli.RunAsync("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("look like the same person", result.Out, StringComparison.Ordinal);
        Assert.Contains("candidate: Ann Taylor", result.Out, StringComparison.Ordinal);
        Assert.Contains("matched by phoneLastDigits", result.Out, StringComparison.Ordinal);
        Assert.Contains("José Müller", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithJson_WritesOnlyJsonToStdout()
    {
        var result = await _cli.RunAsync("--json", "demo");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal("demo", json.GetProperty("merchant").GetString());
        var search = json.GetProperty("steps").EnumerateArray().First(s => s.GetProperty("step").GetString() == "search");
        var match = Assert.Single(search.GetProperty("matches").EnumerateArray());
        Assert.Equal("+14155552671", match.GetProperty("phone").GetString());
        Assert.Equal("phoneLastDigits", Assert.Single(match.GetProperty("matchedBy").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task CustomersAdd_Valid_PrintsTheCustomerAsJson()
    {
        var result = await _cli.RunAsync("--json", "--region", "GB", "customers", "add", "--first", "Ann", "--last", "Lee", "--email", "Ann.Lee@Example.com", "--phone", "07911 123456", "--postcode", "sw1a 1aa");

        Assert.True(result.ExitCode == 0, result.ToString());
        var customer = result.Json();
        Assert.Equal("Ann", customer.GetProperty("firstName").GetString());
        Assert.Equal("Lee", customer.GetProperty("lastName").GetString());
        Assert.Equal("Ann.Lee@Example.com", customer.GetProperty("email").GetString());
        Assert.Equal("+447911123456", customer.GetProperty("phone").GetString());
        Assert.True(Guid.TryParse(customer.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task CustomersAdd_CardNumberInNote_ExitsOneWithTheReason()
    {
        var result = await _cli.RunAsync("--json", "customers", "add", "--last", "Card", "--note", "paid with 4111 1111 1111 1111");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Json().GetProperty("errors").EnumerateArray());
        Assert.Equal("card_number_detected", error.GetProperty("code").GetString());
        Assert.Equal("Note", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task CustomersAdd_NothingIdentifying_ExitsOneForAPerson()
    {
        var result = await _cli.RunAsync("customers", "add", "--postcode", "12345");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[required]", result.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("customers", "add", "--frist", "Ann")]
    [InlineData("customers", "find")]
    [InlineData("customers", "add", "--first")]
    [InlineData("--region", "GBR", "demo")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage error", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersFind_WithJson_PrintsAnArray()
    {
        var result = await _cli.RunAsync("--json", "customers", "find", "nobody-here@example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(JsonValueKind.Array, result.Json().ValueKind);
    }
}
