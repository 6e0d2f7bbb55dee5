using CustomerCore.Loyalty;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerCore.Tests;

/// <summary>The currency table in core, reading codes as callers send them, and the amount limits in the options.</summary>
public sealed class Iso4217Tests
{
    [Fact]
    public void Table_HoldsThreeUpperCaseLettersWithAMinorUnitEach()
    {
        Assert.True(Iso4217.Currencies.Count > 140, $"Only {Iso4217.Currencies.Count} currencies are listed.");
        Assert.All(Iso4217.Currencies, c =>
        {
            Assert.Matches("^[A-Z]{3}$", c.Key);
            Assert.Contains(c.Value, new[] { 0, 2, 3, 4 });
        });
    }

    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("GBP", 2)]
    [InlineData("CHF", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("KWD", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    [InlineData("XCG", 2)]
    [InlineData("ZWG", 2)]
    [InlineData("SLE", 2)]
    [InlineData("VED", 2)]
    public void Table_ListsActiveCodesWithTheirMinorUnit(string code, int minorUnits)
    {
        Assert.True(Iso4217.IsActive(code));
        Assert.Equal(minorUnits, Iso4217.Currencies[code]);
        Assert.Equal(minorUnits, CurrencyMinorUnits.For(code));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("HRK")]
    [InlineData("SLL")]
    [InlineData("ZWL")]
    [InlineData("ANG")]
    [InlineData("BGN")]
    [InlineData("VEF")]
    [InlineData("XXX")]
    [InlineData("XTS")]
    [InlineData("XAU")]
    [InlineData("XDR")]
    [InlineData("usd")]
    [InlineData("EURO")]
    [InlineData(null)]
    public void IsActive_RefusesWithdrawnUnitlessUnknownAndNonCanonicalCodes(string? code)
    {
        Assert.False(Iso4217.IsActive(code));
    }

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData("Eur", "EUR")]
    [InlineData(" jpy ", "JPY")]
    [InlineData("GBP", "GBP")]
    public void TryNormalize_UpperCasesAndTrims(string code, string expected)
    {
        Assert.True(Iso4217.TryNormalize(code, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("usd1")]
    [InlineData("EURO")]
    [InlineData("US")]
    [InlineData("U D")]
    [InlineData("xyz")]
    [InlineData("ÜSD")]
    [InlineData("")]
    [InlineData(null)]
    public void TryNormalize_RefusesWhatIsNotAnActiveCode(string? code)
    {
        Assert.False(Iso4217.TryNormalize(code, out var normalized));
        Assert.Null(normalized);
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("XYZ")]
    public void ParseCurrency_SaysWhetherTheShapeOrTheCodeIsWrong(string code)
    {
        var describer = new CustomerErrorDescriber();
        var error = Assert.Single(MoneyParser.ParseCurrency(code, "Currency").Errors);

        var expected = CurrencyMinorUnits.IsWellFormed(code) ? describer.UnknownCurrency("Currency") : describer.InvalidCurrencyCode("Currency");
        Assert.Equal(expected, error);
        Assert.Equal(CustomerErrorCodes.InvalidCurrency, error.Code);
    }

    [Fact]
    public void Options_DefaultLimits_AreABillionPerPostingAndPerBalance()
    {
        var options = new CustomerCoreOptions();

        Assert.Equal(1_000_000_000m, options.MaxPostingAmount);
        Assert.Equal(1_000_000_000m, options.MaxAccountBalance);
    }

    [Theory]
    [InlineData("0", "1000")]
    [InlineData("-1", "1000")]
    [InlineData("1000", "100000000000000.01")]
    [InlineData("79228162514264337593543950335", "1000")]
    public void Options_LimitsOutsideTheCeiling_FailWhenRead(string maxPosting, string maxBalance)
    {
        using var services = new ServiceCollection()
            .AddCustomerCore(o =>
            {
                o.MaxPostingAmount = decimal.Parse(maxPosting, System.Globalization.CultureInfo.InvariantCulture);
                o.MaxAccountBalance = decimal.Parse(maxBalance, System.Globalization.CultureInfo.InvariantCulture);
            })
            .Services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<CustomerCoreOptions>>().CurrentValue);
        Assert.Contains("at most 100000000000000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_LimitsAtTheCeiling_AreAccepted()
    {
        using var services = new ServiceCollection()
            .AddCustomerCore(o =>
            {
                o.MaxPostingAmount = CustomerCoreOptions.AmountCeiling;
                o.MaxAccountBalance = CustomerCoreOptions.AmountCeiling;
            })
            .Services.BuildServiceProvider();

        Assert.Equal(CustomerCoreOptions.AmountCeiling, services.GetRequiredService<IOptionsMonitor<CustomerCoreOptions>>().CurrentValue.MaxPostingAmount);
    }

    [Fact]
    public void LoyaltyPoints_RateTimesSpendBeyondDecimal_IsReportedNotThrownInside()
    {
        var program = new LoyaltyProgram { Enabled = true, Rate = decimal.MaxValue };

        Assert.False(program.TryPointsFor(1_000m, out _));
        Assert.Throws<OverflowException>(() => program.PointsFor(1_000m));
        Assert.True(program.TryPointsFor(0.5m, out var points));
        Assert.Equal(Math.Floor(decimal.MaxValue * 0.5m), points);
    }
}
