using System.Globalization;

namespace CustomerCore.Tests;

/// <summary>The one amount form <see cref="MoneyParser"/> accepts, and every near miss a till or a hostile tester types.</summary>
public sealed class MoneyParserTests
{
    [Theory]
    [InlineData("12.50", "USD", "12.50")]
    [InlineData("0", "USD", "0")]
    [InlineData("5", "EUR", "5")]
    [InlineData("0.01", "EUR", "0.01")]
    [InlineData("0.5", "EUR", "0.5")]
    [InlineData("007.10", "EUR", "7.10")]
    [InlineData("1.5", "usd", "1.5")]
    [InlineData("150", "JPY", "150")]
    [InlineData("1.000", "KWD", "1.000")]
    [InlineData("0.0001", "CLF", "0.0001")]
    [InlineData("1000000000", "EUR", "1000000000")]
    [InlineData("100000000000000", "EUR", "100000000000000")]
    public void Parse_TheInvariantForm_ReadsTheAmount(string text, string currency, string expected)
    {
        var parsed = MoneyParser.Parse(text, currency, "Amount");

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), parsed.Value.Amount);
        Assert.Equal(currency.ToUpperInvariant(), parsed.Value.Currency);
    }

    [Theory]
    [InlineData("1,5", AmountFormatProblem.GroupSeparator)]
    [InlineData("1,000.00", AmountFormatProblem.GroupSeparator)]
    [InlineData("1.000,00", AmountFormatProblem.GroupSeparator)]
    [InlineData("1,500", AmountFormatProblem.GroupSeparator)]
    [InlineData("1e3", AmountFormatProblem.Exponent)]
    [InlineData("1E3", AmountFormatProblem.Exponent)]
    [InlineData("2.5e-4", AmountFormatProblem.Exponent)]
    [InlineData("  5", AmountFormatProblem.Whitespace)]
    [InlineData("5 ", AmountFormatProblem.Whitespace)]
    [InlineData("1 000", AmountFormatProblem.Whitespace)]
    [InlineData("1\u00A0000", AmountFormatProblem.Whitespace)]
    [InlineData("1\u202F000.00", AmountFormatProblem.Whitespace)]
    [InlineData("5\t", AmountFormatProblem.Whitespace)]
    [InlineData("5.", AmountFormatProblem.MissingDigits)]
    [InlineData(".5", AmountFormatProblem.MissingDigits)]
    [InlineData(".", AmountFormatProblem.MissingDigits)]
    [InlineData("\u0665", AmountFormatProblem.NonAsciiDigit)]
    [InlineData("\u0661\u0662.\u0665\u0660", AmountFormatProblem.NonAsciiDigit)]
    [InlineData("\u06F5", AmountFormatProblem.NonAsciiDigit)]
    [InlineData("\uFF11\uFF12", AmountFormatProblem.NonAsciiDigit)]
    [InlineData("1.2.3", AmountFormatProblem.ExtraDecimalPoint)]
    [InlineData("-5", AmountFormatProblem.Sign)]
    [InlineData("+5", AmountFormatProblem.Sign)]
    [InlineData("$5", AmountFormatProblem.InvalidCharacter)]
    [InlineData("5€", AmountFormatProblem.InvalidCharacter)]
    [InlineData("EUR5", AmountFormatProblem.InvalidCharacter)]
    [InlineData("12'000", AmountFormatProblem.InvalidCharacter)]
    [InlineData("1_000", AmountFormatProblem.InvalidCharacter)]
    [InlineData("0x10", AmountFormatProblem.InvalidCharacter)]
    [InlineData("5-", AmountFormatProblem.InvalidCharacter)]
    [InlineData("--5", AmountFormatProblem.InvalidCharacter)]
    [InlineData("NaN", AmountFormatProblem.InvalidCharacter)]
    [InlineData("Infinity", AmountFormatProblem.InvalidCharacter)]
    [InlineData("\u0665\u066B\u0660", AmountFormatProblem.NonAsciiDigit)]
    public void Parse_AnyOtherForm_IsRefusedWithTheReason(string text, AmountFormatProblem problem)
    {
        var parsed = MoneyParser.Parse(text, "USD", "--amount");

        var error = Assert.Single(parsed.Errors);
        Assert.Equal(CustomerErrorCodes.InvalidAmount, error.Code);
        Assert.Equal("--amount", error.Field);
        Assert.Equal(new CustomerErrorDescriber().InvalidAmount("--amount", problem).Description, error.Description);
    }

    [Fact]
    public void Parse_DecimalComma_SaysWhyAndSuggestsTheDotForm()
    {
        var error = Assert.Single(MoneyParser.Parse("1,5", "USD", "--amount").Errors);

        Assert.Contains("'--amount'", error.Description, StringComparison.Ordinal);
        Assert.Contains("','", error.Description, StringComparison.Ordinal);
        Assert.Contains("1.5", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-5.25", "-5.25")]
    [InlineData("+5", "5")]
    [InlineData("-0.01", "-0.01")]
    public void Parse_SignAllowed_ReadsASignedAmount(string text, string expected)
    {
        var parsed = MoneyParser.Parse(text, "EUR", "Change", AmountSign.Allowed);

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), parsed.Value.Amount);
    }

    [Theory]
    [InlineData("-", AmountFormatProblem.MissingDigits)]
    [InlineData("-.5", AmountFormatProblem.MissingDigits)]
    [InlineData("+-5", AmountFormatProblem.InvalidCharacter)]
    public void Parse_SignAllowed_StillNeedsDigits(string text, AmountFormatProblem problem)
    {
        var error = Assert.Single(MoneyParser.Parse(text, "EUR", "Change", AmountSign.Allowed).Errors);

        Assert.Equal(new CustomerErrorDescriber().InvalidAmount("Change", problem).Description, error.Description);
    }

    [Theory]
    [InlineData("1.234", "USD")]
    [InlineData("1.500", "USD")]
    [InlineData("1.5", "JPY")]
    [InlineData("1.0", "JPY")]
    [InlineData("1.0001", "KWD")]
    [InlineData("0.0000000000000000000000000000001", "EUR")]
    public void Parse_MoreDecimalsThanTheCurrencyHas_IsRefused(string text, string currency)
    {
        var error = Assert.Single(MoneyParser.Parse(text, currency, "Amount").Errors);

        Assert.Equal(CustomerErrorCodes.TooManyDecimals, error.Code);
        Assert.Equal("Amount", error.Field);
    }

    [Theory]
    [InlineData("100000000000000.01")]
    [InlineData("9999999999999999")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1000000000000000000000000000000000000000000000000000000000000")]
    public void Parse_AboveTheCeiling_IsRefusedWithoutOverflow(string text)
    {
        var error = Assert.Single(MoneyParser.Parse(text, "EUR", "Amount").Errors);

        Assert.Equal(CustomerErrorCodes.AmountTooLarge, error.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NoText_IsRequired(string? text)
    {
        Assert.Equal(CustomerErrorCodes.Required, Assert.Single(MoneyParser.Parse(text, "EUR", "Amount").Errors).Code);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd1")]
    [InlineData("EURO")]
    [InlineData("US")]
    [InlineData("HRK")]
    [InlineData("ＵＳＤ")]
    public void Parse_CurrencyNotAnActiveIso4217Code_IsRefusedOnTheCurrencyField(string currency)
    {
        var error = Assert.Single(MoneyParser.Parse("5", currency, "--amount", currencyField: "--currency").Errors);

        Assert.Equal(CustomerErrorCodes.InvalidCurrency, error.Code);
        Assert.Equal("--currency", error.Field);
    }

    [Fact]
    public void Parse_BadAmountAndBadCurrency_ReportsBoth()
    {
        var parsed = MoneyParser.Parse("1,5", "XYZ", "--amount", currencyField: "--currency");

        Assert.Equal([CustomerErrorCodes.InvalidCurrency, CustomerErrorCodes.InvalidAmount], parsed.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Parse_ErrorMessages_FollowTheUiCulture()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var error = Assert.Single(MoneyParser.Parse("1,5", "EUR", "Betrag").Errors);

            Assert.Contains("Dezimalkomma", error.Description, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Parse_IgnoresTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal(1.5m, MoneyParser.Parse("1.5", "EUR", "Amount").Value.Amount);
            Assert.False(MoneyParser.Parse("1,5", "EUR", "Amount").Succeeded);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("12", 0, "12")]
    [InlineData("12.3456", 4, "12.3456")]
    [InlineData("100", 2, "100")]
    public void ParseAmount_WithinTheDecimalPlaces_ReadsTheNumber(string text, int maxDecimals, string expected)
    {
        var parsed = MoneyParser.ParseAmount(text, maxDecimals, "points");

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), parsed.Value);
    }

    [Fact]
    public void ParseAmount_TooManyDecimalPlaces_SaysHowManyOrThatAWholeNumberIsNeeded()
    {
        var points = Assert.Single(MoneyParser.ParseAmount("12.5", 0, "POINTS").Errors);
        var percent = Assert.Single(MoneyParser.ParseAmount("12.34567", 4, "discount").Errors);

        Assert.Equal(CustomerErrorCodes.TooManyDecimals, points.Code);
        Assert.Equal(new CustomerErrorDescriber().WholeNumberRequired("POINTS").Description, points.Description);
        Assert.Equal(CustomerErrorCodes.TooManyDecimals, percent.Code);
        Assert.Contains("4", percent.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAmount_SameFormRulesAsMoney()
    {
        Assert.Equal(CustomerErrorCodes.InvalidAmount, Assert.Single(MoneyParser.ParseAmount("1,000", 0, "points").Errors).Code);
        Assert.Equal(CustomerErrorCodes.InvalidAmount, Assert.Single(MoneyParser.ParseAmount("-3", 0, "points").Errors).Code);
        Assert.Equal(-3m, MoneyParser.ParseAmount("-3", 0, "points", AmountSign.Allowed).Value);
    }
}
