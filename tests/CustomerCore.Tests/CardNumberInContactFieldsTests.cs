using System.Text;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace CustomerCore.Tests;

/// <summary>A card typed into a phone or email field is refused, through the service and through import.</summary>
public sealed class CardNumberInContactFieldsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CustomerService CreateService()
    {
        var services = new ServiceCollection();
        services.AddCustomerCore().AddInMemoryStores();
        return services.BuildServiceProvider().GetRequiredService<CustomerService>();
    }

    /// <summary>A generated card written in one of the forms the guard must see through, short enough for a phone field.</summary>
    private static string CardInSomeForm(Random random)
    {
        var card = CardNumberGenerator.ValidCard(random, minLength: 15);
        var groups = CardNumberGenerator.Groups(card);
        return random.Next(5) switch
        {
            0 => string.Join("..", groups),
            1 => string.Join(" / ", groups),
            2 => string.Join("_", groups),
            3 => card + random.Next(100, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => CardNumberGenerator.InDigits(card, 0xFF10),
        };
    }

    [Fact]
    public async Task CreateAsync_CardInPhoneSecondaryPhoneOrEmail_IsRefusedForThatField()
    {
        var service = CreateService();
        var random = new Random(20260308);
        for (var i = 0; i < 40; i++)
        {
            var card = CardInSomeForm(random);
            var digitsOnly = CardNumberGenerator.ValidCard(random);
            CustomerInput[] inputs =
            [
                new() { LastName = "Doe", Phone = card },
                new() { LastName = "Doe", SecondaryPhone = card },
                new() { LastName = "Doe", Email = $"{digitsOnly}@example.com" },
                new() { LastName = "Doe", Email = $"pay.{string.Join('-', CardNumberGenerator.Groups(digitsOnly))}@example.com" },
            ];
            string[] fields = [nameof(CustomerInput.Phone), nameof(CustomerInput.SecondaryPhone), nameof(CustomerInput.Email), nameof(CustomerInput.Email)];

            for (var f = 0; f < inputs.Length; f++)
            {
                var result = await service.CreateAsync("shop", inputs[f], cancellationToken: Ct);
                Assert.False(result.Succeeded, $"{fields[f]} accepted a card");
                Assert.Contains(result.Errors, e => e.Code == CustomerErrorCodes.CardNumberDetected && e.Field == fields[f]);
            }
        }
    }

    [Fact]
    public async Task CreateAsync_ValidPhonesInEveryFormat_AreStillAccepted()
    {
        var service = CreateService();
        var util = PhoneNumberUtil.GetInstance();
        string[] regions = ["GB", "US", "DE", "ES", "FR", "AU", "IN", "BR", "CN", "AT"];
        foreach (var region in regions)
        {
            var number = util.GetExampleNumberForType(region, PhoneNumberType.MOBILE)!;
            foreach (var format in new[] { PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL })
            {
                var phone = util.Format(number, format);
                var result = await service.CreateAsync("shop-" + region + format, new CustomerInput { LastName = "Doe", Phone = phone, SecondaryPhone = phone }, cancellationToken: Ct);
                Assert.True(result.Succeeded, $"{phone}: {result}");
            }
        }
    }

    [Fact]
    public async Task Import_CardInPhoneSecondaryPhoneOrEmail_IsRefusedAndTheOtherRowsAreImported()
    {
        await using var harness = new ImportHarness();
        const string csv = """
            Email,First Name,Phone,Secondary Phone
            ok@example.com,Olivia,+44 7700 900123,
            phone@example.com,Pat,4111..1111..1111..1111,
            second@example.com,Sam,,"5555 / 5555 / 5555 / 4444"
            4111111111111111@example.com,Eve,,
            code@example.com,Cody,4111 1111 1111 1111 123,
            wide@example.com,Wu,４１１１１１１１１１１１１１１１,

            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        var result = await harness.Importer.ApplyAsync(harness.Merchant, stream, new CustomerImportOptions { ErrorHandling = ImportErrorHandling.SkipInvalidRows }, Ct);

        Assert.True(result.Succeeded, result.ToString());
        var report = result.Value!;
        Assert.Equal(1, report.Created);
        Assert.Equal(5, report.Errors);
        Assert.Contains(report.Issues, i => i is { Line: 3, Column: "Phone", Code: CustomerErrorCodes.CardNumberDetected });
        Assert.Contains(report.Issues, i => i is { Line: 4, Column: "Secondary Phone", Code: CustomerErrorCodes.CardNumberDetected });
        Assert.Contains(report.Issues, i => i is { Line: 5, Column: "Email", Code: CustomerErrorCodes.CardNumberDetected });
        Assert.Contains(report.Issues, i => i is { Line: 6, Column: "Phone", Code: CustomerErrorCodes.CardNumberDetected });
        Assert.Contains(report.Issues, i => i is { Line: 7, Column: "Phone", Code: CustomerErrorCodes.CardNumberDetected });
        var stored = await harness.Resolve<ICustomerStore>().ListAsync(harness.Merchant, null, 100, Ct);
        var only = Assert.Single(stored);
        Assert.Equal("ok@example.com", only.Email);
    }
}
