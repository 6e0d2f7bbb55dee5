namespace CustomerCore.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("EUR", "2.345", "2.35")]
    [InlineData("EUR", "-2.345", "-2.35")]
    [InlineData("USD", "0.004", "0.00")]
    [InlineData("GBP", "19.995", "20.00")]
    [InlineData("JPY", "149.5", "150")]
    [InlineData("JPY", "149.49", "149")]
    [InlineData("KWD", "1.2345", "1.235")]
    [InlineData("BHD", "0.0004", "0.000")]
    [InlineData("TND", "10.9996", "11.000")]
    [InlineData("XYZ", "1.005", "1.01")]
    public void Round_UsesTheCurrencysMinorUnitHalfAwayFromZero(string currency, string amount, string expected)
    {
        var rounded = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency).Round();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded.Amount);
        Assert.Equal(expected + " " + currency, rounded.ToString());
    }

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("jpy", 0)]
    [InlineData("KRW", 0)]
    [InlineData("EUR", 2)]
    [InlineData("KWD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("JOD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("ZZZ", CurrencyMinorUnits.Default)]
    public void MinorUnits_ComeFromTheTableOrDefaultToTwo(string currency, int expected)
    {
        Assert.Equal(expected, CurrencyMinorUnits.For(currency));
    }

    [Fact]
    public void Operators_MixingCurrencies_Throw()
    {
        var euros = new Money(5m, "EUR");
        var dollars = new Money(5m, "USD");

        Assert.Throws<InvalidOperationException>(() => euros + dollars);
        Assert.Throws<InvalidOperationException>(() => euros - dollars);
        Assert.Throws<InvalidOperationException>(() => euros < dollars);
        Assert.Throws<InvalidOperationException>(() => Money.Max(euros, dollars));
        Assert.NotEqual(euros, dollars);
    }

    [Fact]
    public void Arithmetic_InOneCurrency_Works()
    {
        var a = new Money(10.10m, "eur");
        var b = new Money(0.40m, "EUR");

        Assert.Equal(new Money(10.50m, "EUR"), a + b);
        Assert.Equal(new Money(9.70m, "EUR"), a - b);
        Assert.Equal(new Money(-10.10m, "EUR"), -a);
        Assert.Equal(new Money(5.05m, "EUR"), a * 0.5m);
        Assert.True(b < a);
        Assert.Equal(b, Money.Min(a, b));
        Assert.Equal("EUR", a.Currency);
    }

    [Fact]
    public void Equality_IgnoresTrailingZeros()
    {
        var a = new Money(1.0m, "EUR");
        var b = new Money(1.00m, "EUR");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void Constructor_MalformedCurrency_Throws(string currency)
    {
        Assert.Throws<ArgumentException>(() => new Money(1m, currency));
    }

    [Fact]
    public void IsRounded_SaysWhetherTheAmountFitsTheMinorUnit()
    {
        Assert.True(new Money(1.50m, "EUR").IsRounded);
        Assert.False(new Money(1.505m, "EUR").IsRounded);
        Assert.False(new Money(1.5m, "JPY").IsRounded);
        Assert.True(new Money(1.505m, "KWD").IsRounded);
        Assert.True(default(Money).IsDefault);
    }
}
