using CustomerCore.Discounts;

namespace CustomerCore.Tests;

public sealed class DiscountQuoteTests
{
    private static readonly string[] Currencies = ["EUR", "USD", "JPY", "KWD", "GBP"];

    [Theory]
    [InlineData("EUR", "9.99", "12.5", "1.25")]
    [InlineData("EUR", "0.01", "50", "0.01")]
    [InlineData("EUR", "0.01", "49", "0.00")]
    [InlineData("JPY", "999", "15", "150")]
    [InlineData("KWD", "1.999", "33.3", "0.666")]
    [InlineData("USD", "100.00", "100", "100.00")]
    public void Percentage_RoundsToTheMinorUnit(string currency, string subtotal, string percent, string expected)
    {
        var quote = DiscountCalculator.Quote(Money(subtotal, currency), Discount.PercentOff(D(percent)), null, null, DiscountPrecedence.PersonalWins);

        Assert.Equal(Money(expected, currency), quote.Amount);
        Assert.Equal(DiscountSource.Personal, quote.Source);
        Assert.False(quote.CappedAtSubtotal);
    }

    [Fact]
    public void PersonalWins_IgnoresALargerGroupDiscount()
    {
        var quote = DiscountCalculator.Quote(Money("50", "EUR"), Discount.PercentOff(1m), Discount.PercentOff(50m), Guid.Empty, DiscountPrecedence.PersonalWins);

        Assert.Equal(Money("0.50", "EUR"), quote.Amount);
        Assert.Equal(DiscountQuoteReason.PersonalWinsByPolicy, quote.Reason);
    }

    [Fact]
    public void BestForCustomer_OnATie_KeepsThePersonalDiscount()
    {
        var quote = DiscountCalculator.Quote(
            Money("50", "EUR"), Discount.FixedAmount(Money("5", "EUR")), Discount.PercentOff(10m), Guid.Empty, DiscountPrecedence.BestForCustomer);

        Assert.Equal(DiscountSource.Personal, quote.Source);
        Assert.Equal(Money("5", "EUR"), quote.Amount);
    }

    [Fact]
    public void RandomSubtotalsAndRules_QuoteStaysWithinTheRules()
    {
        var random = new Random(20260115);
        for (var i = 0; i < 5000; i++)
        {
            var currency = Currencies[random.Next(Currencies.Length)];
            var scale = (decimal)Math.Pow(10, CurrencyMinorUnits.For(currency));
            var subtotal = new Money(random.Next(0, 1_000_000) / scale, currency);
            var personal = RandomDiscount(random, currency, scale);
            var group = RandomDiscount(random, currency, scale);
            var precedence = random.Next(2) == 0 ? DiscountPrecedence.PersonalWins : DiscountPrecedence.BestForCustomer;

            var quote = DiscountCalculator.Quote(subtotal, personal, group, null, precedence);

            var context = $"#{i}: {subtotal} personal={personal} group={group} {precedence} -> {quote.Amount} {quote.Source}";
            Assert.True(quote.Amount.Amount >= 0m && quote.Amount <= subtotal, context);
            Assert.True(quote.Amount.IsRounded, context);
            Assert.Equal(currency, quote.Amount.Currency);
            Assert.Equal(subtotal - quote.Amount, quote.Total);
            Assert.Equal(personal is null && group is null, quote.Source == DiscountSource.None);

            var personalAmount = personal is null ? 0m : ExpectedAmount(subtotal, personal, scale);
            var groupAmount = group is null ? 0m : ExpectedAmount(subtotal, group, scale);
            var expected = personal is not null && (precedence == DiscountPrecedence.PersonalWins || group is null)
                ? personalAmount
                : Math.Max(personalAmount, groupAmount);
            Assert.True(expected == quote.Amount.Amount, context + $" expected {expected}");
            if (personal is not null && precedence == DiscountPrecedence.PersonalWins)
            {
                Assert.Equal(DiscountSource.Personal, quote.Source);
            }

            if (quote.AppliedDiscount is { Kind: DiscountKind.Percentage, Value: 100m })
            {
                Assert.Equal(subtotal, quote.Amount);
            }
        }
    }

    // An independent oracle in whole minor units, so the property does not just repeat the implementation.
    private static decimal ExpectedAmount(Money subtotal, Discount discount, decimal scale)
    {
        var subtotalMinor = subtotal.Amount * scale;
        var minor = discount.Kind == DiscountKind.Percentage
            ? Math.Floor(subtotalMinor * discount.Value / 100m + 0.5m)
            : discount.Value * scale;
        return Math.Min(minor, subtotalMinor) / scale;
    }

    private static Discount? RandomDiscount(Random random, string currency, decimal scale) => random.Next(3) switch
    {
        0 => null,
        1 => Discount.PercentOff(random.Next(1, 10_001) / 100m),
        _ => Discount.FixedAmount(new Money(random.Next(1, 200_000) / scale, currency)),
    };

    private static decimal D(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static Money Money(string amount, string currency) => new(D(amount), currency);
}
