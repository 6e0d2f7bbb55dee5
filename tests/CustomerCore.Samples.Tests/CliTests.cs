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
        Assert.Contains("attached to Ann Taylor, earned 42 points", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 visit(s), 42.50 USD spent, 42 points", result.Out, StringComparison.Ordinal);
        Assert.Contains("Ann Taylor · ann.taylor@example.com · +14155552671 · 94103", result.Out, StringComparison.Ordinal);
        Assert.Contains("matched by phonePrefix", result.Out, StringComparison.Ordinal);
        Assert.Contains("offline search '2671': Ann Taylor, 42 points, matched by PhoneLastDigits", result.Out, StringComparison.Ordinal);
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
    [InlineData("customers", "find", "ann", "--take", "abc")]
    [InlineData("customers", "find", "ann", "--skip", "2147483647")]
    [InlineData("import", "missing.csv")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage error", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomerThatDoesNotExist_ExitsOneNotTwo()
    {
        var result = await _cli.RunAsync("customers", "show", "nobody@example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No customer matches", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersFind_WithJson_PrintsAnArray()
    {
        var result = await _cli.RunAsync("--json", "customers", "find", "nobody-here@example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(JsonValueKind.Array, result.Json().ValueKind);
    }
}

public sealed class CliPersistenceTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task CustomerAddedInOneProcess_IsFoundByTheNext()
    {
        var added = await _cli.RunAsync("--json", "--region", "GB", "customers", "add", "--first", "Nia", "--last", "Okafor", "--phone", "07911 123999", "--email", "nia@example.com");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(File.Exists(Path.Combine(_cli.WorkingDirectory, "customercore.db")));

        var found = await _cli.RunAsync("--json", "--region", "GB", "customers", "find", "3999");

        Assert.Equal(0, found.ExitCode);
        var match = Assert.Single(found.Json().EnumerateArray());
        Assert.Equal(added.Json().GetProperty("id").GetString(), match.GetProperty("id").GetString());
        Assert.Equal("Nia", match.GetProperty("firstName").GetString());
        Assert.Equal("Okafor", match.GetProperty("lastName").GetString());
        Assert.Equal("nia@example.com", match.GetProperty("email").GetString());
        Assert.Equal("+447911123999", match.GetProperty("phone").GetString());
        Assert.Equal("phoneLastDigits", Assert.Single(match.GetProperty("matchedBy").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task SamePhoneInALaterProcess_ExitsOneWithTheCandidateUnlessForced()
    {
        var first = await _cli.RunAsync("--json", "customers", "add", "--first", "Ann", "--phone", "(212) 555-0100");
        Assert.Equal(0, first.ExitCode);

        var duplicate = await _cli.RunAsync("--json", "customers", "add", "--first", "Anne", "--phone", "212.555.0100");
        var forced = await _cli.RunAsync("--json", "customers", "add", "--first", "Anne", "--phone", "212.555.0100", "--force");

        Assert.Equal(1, duplicate.ExitCode);
        var json = duplicate.Json();
        Assert.Equal("possible_duplicate", Assert.Single(json.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());
        var candidate = Assert.Single(json.GetProperty("candidates").EnumerateArray());
        Assert.Equal(first.Json().GetProperty("id").GetString(), candidate.GetProperty("id").GetString());
        Assert.Equal(0, forced.ExitCode);
    }

    [Fact]
    public async Task DbOption_ChoosesTheSqliteFile()
    {
        var added = await _cli.RunAsync("--db", "shop-a.db", "customers", "add", "--last", "Separate");
        var inOther = await _cli.RunAsync("--json", "--db", "shop-b.db", "customers", "find", "separate");
        var inSame = await _cli.RunAsync("--json", "--db", "shop-a.db", "customers", "find", "separate");

        Assert.Equal(0, added.ExitCode);
        Assert.Empty(inOther.Json().EnumerateArray());
        Assert.Single(inSame.Json().EnumerateArray());
    }
}
