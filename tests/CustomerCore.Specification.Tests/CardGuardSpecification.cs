using System.Text;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Stores;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>
/// Card numbers never reach a store, in whatever form they are typed: through the customer service and through import,
/// in free text and in the phone and email fields, each form is refused with
/// <see cref="CustomerErrorCodes.CardNumberDetected"/> and nothing is stored. Phone numbers and order numbers that only
/// look long stay accepted.
/// </summary>
public abstract class CardGuardSpecification : CustomerCoreSpecificationTestBase
{
    /// <summary>Well-known test card numbers written the ways a hostile or careless user would.</summary>
    public static TheoryData<string> CardForms => new()
    {
        "4111 1111 1111 1111",
        "4111.1111.1111.1111",
        "4111//1111//1111//1111",
        "5555-5555 5555_4444",
        "3782 822463 10005",
        "4111111111111111 123",
        "\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661",
        "\uFF14\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11",
        "4111\u00A01111\u20091111\u00A01111",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(CardForms))]
    public async Task CreateAsync_CardInNoteNamePhoneOrEmail_IsRefusedAndNothingIsStored(string card)
    {
        var u = Unique();
        CustomerInput[] attempts =
        [
            new() { FirstName = "Card", Email = $"note.{u}@example.com", Note = $"paid with {card} today" },
            new() { FirstName = card, Email = $"name.{u}@example.com" },
            new() { FirstName = "Card", Email = $"phone.{u}@example.com", Phone = card },
            new() { FirstName = "Card", Email = $"{card.Replace(' ', '.')}@example.com" },
        ];

        foreach (var input in attempts)
        {
            var result = await Resolve<CustomerService>().CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
            Assert.False(result.Succeeded, $"stored: {input}");
            Assert.Contains(result.Errors, e => e.Code == CustomerErrorCodes.CardNumberDetected);
        }

        Assert.Empty(await Resolve<ICustomerStore>().ListAsync(Merchant, null, 10, Ct));
    }

    [Theory]
    [MemberData(nameof(CardForms))]
    public async Task Import_CardInAnyColumn_IsARowErrorAndAllOrNothingWritesNothing(string card)
    {
        var u = Unique();
        var csv = new StringBuilder("Email,First Name,Phone,Note\n")
            .Append($"ok.{u}@example.com,Fine,,\n")
            .Append($"note.{u}@example.com,Card,,\"paid with {card}\"\n")
            .Append($"phone.{u}@example.com,Card,\"{card}\",\n");

        var result = await Resolve<CustomerImporter>().ApplyAsync(Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), cancellationToken: Ct);

        Assert.False(result.Succeeded);
        Assert.True(result.TryGetError<ImportRefusedError>(out var refused), result.ToString());
        var report = refused.Report;
        Assert.Equal(2, report.Errors);
        Assert.All(report.Issues.Where(i => i.Severity == ImportIssueSeverity.Error), i => Assert.Equal(CustomerErrorCodes.CardNumberDetected, i.Code));
        Assert.Empty(await Resolve<ICustomerStore>().ListAsync(Merchant, null, 10, Ct));
    }

    [Fact]
    public async Task PhoneNumbersAndOrderNumbers_StayAccepted()
    {
        var u = Unique();
        var created = await Resolve<CustomerService>().CreateAsync(Merchant, new CustomerInput
        {
            FirstName = "Phone",
            Email = $"fine.{u}@example.com",
            Phone = "+1 415 555 0142",
            SecondaryPhone = "020 7946 0123",
            Note = "order 4111 1111 1111 1112 (not a card: fails the Luhn check), delivered 2026-01-15",
        }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);

        Assert.True(created.Succeeded, created.ToString());
        Assert.NotNull(await Resolve<ICustomerStore>().FindByNormalizedEmailAsync(Merchant, $"fine.{u}@example.com", Ct));
    }
}
