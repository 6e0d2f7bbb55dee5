using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests;

public sealed class CreditAndDiscountMessagesTests
{
    private static readonly CustomerErrorDescriber Describer = new();

    public static TheoryData<string> NewErrors() =>
    [
        nameof(CustomerErrorDescriber.CurrencyMismatch),
        nameof(CustomerErrorDescriber.TooManyDecimals),
        nameof(CustomerErrorDescriber.AmountNotPositive),
        nameof(CustomerErrorDescriber.DiscountPercentageOutOfRange),
        nameof(CustomerErrorDescriber.DuplicateGroupName),
        nameof(CustomerErrorDescriber.DuplicateCreditLineName),
        nameof(CustomerErrorDescriber.CreditLimitExceeded),
        "CreditLimitExceededWithOverride",
        nameof(CustomerErrorDescriber.CreditLineInactive),
        nameof(CustomerErrorDescriber.InsufficientStoreCredit),
        nameof(CustomerErrorDescriber.HoldNotOpen),
        nameof(CustomerErrorDescriber.PaymentExceedsBalance),
        nameof(CustomerErrorDescriber.IdempotencyKeyReused),
    ];

    [Theory]
    [MemberData(nameof(NewErrors))]
    public void EveryNewError_HasItsOwnSpanishAndGermanMessage(string error)
    {
        var english = In("en", () => Make(error));
        var spanish = In("es", () => Make(error));
        var german = In("de-DE", () => Make(error));

        Assert.Equal(english.Code, spanish.Code);
        Assert.Equal(english.Code, german.Code);
        Assert.NotEqual(english.Description, spanish.Description);
        Assert.NotEqual(english.Description, german.Description);
        Assert.NotEqual(spanish.Description, german.Description);
    }

    [Fact]
    public void CreditLimitExceeded_UnderWarn_TellsHowToOverride()
    {
        var blocked = In("en", () => Describer.CreditLimitExceeded(new Money(100m, "EUR"), new Money(120m, "EUR"), overrideAllowed: false));
        var warned = In("en", () => Describer.CreditLimitExceeded(new Money(100m, "EUR"), new Money(120m, "EUR"), overrideAllowed: true));

        Assert.Equal(CustomerErrorCodes.CreditLimitExceeded, warned.Code);
        Assert.Contains("100.00 EUR", blocked.Description, StringComparison.Ordinal);
        Assert.Contains("120.00 EUR", blocked.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("override", blocked.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("override", warned.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("es", "Un descuento porcentual debe ser mayor que 0 y como máximo 100 (se indicó 150).")]
    [InlineData("de", "Ein prozentualer Rabatt muss größer als 0 und höchstens 100 sein (angegeben: 150).")]
    [InlineData("en", "A percentage discount must be more than 0 and at most 100 (got 150).")]
    public async Task SetPersonalDiscountAsync_OutOfRange_ExplainsInTheCallersLanguage(string culture, string expected)
    {
        var services = new ServiceCollection();
        services.AddCustomerCore().AddInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        var created = await provider.GetRequiredService<CustomerService>().CreateAsync("shop", new CustomerInput { FirstName = "Ana" }, cancellationToken: TestContext.Current.CancellationToken);
        var customer = created.Value!.Customer!;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var result = await provider.GetRequiredService<DiscountService>().SetPersonalDiscountAsync(
                "shop", customer.Id, customer.Version, Discount.PercentOff(150m), TestContext.Current.CancellationToken);

            var error = Assert.Single(result.Errors);
            Assert.Equal(CustomerErrorCodes.DiscountPercentageOutOfRange, error.Code);
            Assert.Equal(expected, error.Description);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void TooManyDecimals_InGerman_NamesTheCurrencyAndItsDigits()
    {
        var error = In("de", () => Describer.TooManyDecimals("Betrag", "JPY", 0));

        Assert.Equal("'Betrag' hat mehr Nachkommastellen, als JPY erlaubt (0).", error.Description);
    }

    private static CustomerError Make(string error)
    {
        var eur = new Money(10m, "EUR");
        return error switch
        {
            nameof(CustomerErrorDescriber.CurrencyMismatch) => Describer.CurrencyMismatch("EUR", "USD"),
            nameof(CustomerErrorDescriber.TooManyDecimals) => Describer.TooManyDecimals("Amount", "EUR", 2),
            nameof(CustomerErrorDescriber.AmountNotPositive) => Describer.AmountNotPositive("Amount"),
            nameof(CustomerErrorDescriber.DiscountPercentageOutOfRange) => Describer.DiscountPercentageOutOfRange(120m),
            nameof(CustomerErrorDescriber.DuplicateGroupName) => Describer.DuplicateGroupName("VIP"),
            nameof(CustomerErrorDescriber.DuplicateCreditLineName) => Describer.DuplicateCreditLineName("House"),
            nameof(CustomerErrorDescriber.CreditLimitExceeded) => Describer.CreditLimitExceeded(eur, eur, overrideAllowed: false),
            "CreditLimitExceededWithOverride" => Describer.CreditLimitExceeded(eur, eur, overrideAllowed: true),
            nameof(CustomerErrorDescriber.CreditLineInactive) => Describer.CreditLineInactive(),
            nameof(CustomerErrorDescriber.InsufficientStoreCredit) => Describer.InsufficientStoreCredit(eur),
            nameof(CustomerErrorDescriber.HoldNotOpen) => Describer.HoldNotOpen(),
            nameof(CustomerErrorDescriber.PaymentExceedsBalance) => Describer.PaymentExceedsBalance(eur),
            nameof(CustomerErrorDescriber.IdempotencyKeyReused) => Describer.IdempotencyKeyReused(),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
        };
    }

    private static CustomerError In(string culture, Func<CustomerError> make)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return make();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
