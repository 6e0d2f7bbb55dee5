using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Tests;

public sealed class CustomerValidationTests
{
    private static CustomerService CreateService(Action<CustomerCoreOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddCustomerCore(configure).AddInMemoryStores();
        return services.BuildServiceProvider().GetRequiredService<CustomerService>();
    }

    private static async Task<OperationResult> CreateInCultureAsync(string culture, CustomerInput input)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return await CreateService().CreateAsync("shop", input, cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("en-GB", "'LastName' must be at most 100 characters.")]
    [InlineData("es-ES", "'LastName' debe tener como máximo 100 caracteres.")]
    [InlineData("de-DE", "'LastName' darf höchstens 100 Zeichen lang sein.")]
    public async Task CreateAsync_NameTooLong_ExplainsInTheUsersLanguage(string culture, string expected)
    {
        var result = await CreateInCultureAsync(culture, new CustomerInput { LastName = new string('x', 101) });

        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.TooLong, error.Code);
        Assert.Equal("LastName", error.Field);
        Assert.Equal(expected, error.Description);
    }

    [Theory]
    [InlineData("en-US", "looks like a payment card number")]
    [InlineData("es-MX", "parece un número de tarjeta")]
    [InlineData("de-AT", "sieht wie eine Kartennummer aus")]
    public async Task CreateAsync_CardNumberInNote_ExplainsInTheUsersLanguage(string culture, string expected)
    {
        var result = await CreateInCultureAsync(culture, new CustomerInput { LastName = "Doe", Note = "card 4111111111111111" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.CardNumberDetected, error.Code);
        Assert.Contains(expected, error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "is not a valid email address")]
    [InlineData("es", "no es una dirección de correo electrónico válida")]
    [InlineData("de", "ist keine gültige E-Mail-Adresse")]
    public async Task CreateAsync_BadEmail_ExplainsInTheUsersLanguage(string culture, string expected)
    {
        var result = await CreateInCultureAsync(culture, new CustomerInput { Email = "not-an-email" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(CustomerErrorCodes.InvalidEmail, error.Code);
        Assert.Contains(expected, error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(CustomerInput.FirstName), 100)]
    [InlineData(nameof(CustomerInput.CompanyName), 200)]
    [InlineData(nameof(CustomerInput.Note), 2000)]
    [InlineData(nameof(CustomerInput.CustomerCode), 64)]
    public async Task CreateAsync_AtTheLimit_IsAcceptedAndOneOverIsNot(string field, int limit)
    {
        var service = CreateService();
        CustomerInput With(int length) => field switch
        {
            nameof(CustomerInput.FirstName) => new CustomerInput { FirstName = new string('a', length) },
            nameof(CustomerInput.CompanyName) => new CustomerInput { LastName = "L", CompanyName = new string('a', length) },
            nameof(CustomerInput.Note) => new CustomerInput { LastName = "L", Note = new string('a', length) },
            _ => new CustomerInput { LastName = "L", CustomerCode = new string('a', length) },
        };

        var atLimit = await service.CreateAsync("shop", With(limit), cancellationToken: TestContext.Current.CancellationToken);
        var overLimit = await service.CreateAsync("shop", With(limit + 1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(atLimit.Succeeded, atLimit.ToString());
        Assert.Equal(field, Assert.Single(overLimit.Errors).Field);
    }

    [Fact]
    public async Task CreateAsync_EmailLongerThan254_IsRejected()
    {
        var email = new string('a', 250) + "@x.io";

        var result = await CreateService().CreateAsync("shop", new CustomerInput { Email = email }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains(result.Errors, e => e.Code == CustomerErrorCodes.TooLong && e.Field == "Email");
    }

    [Fact]
    public async Task CreateAsync_PhoneNumberInNote_IsAccepted()
    {
        var result = await CreateService().CreateAsync("shop", new CustomerInput { LastName = "Doe", Note = "Call +44 7911 123456 or 0044 20 7946 0958" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task DefaultPolicy_NeedsAnyOfNameEmailPhone()
    {
        var service = CreateService();

        var nothing = await service.CreateAsync("shop", new CustomerInput { City = "Leeds", PostalCode = "LS1" }, cancellationToken: TestContext.Current.CancellationToken);
        var phoneOnly = await service.CreateAsync("shop", new CustomerInput { Phone = "+14155552671" }, cancellationToken: TestContext.Current.CancellationToken);
        var emailOnly = await service.CreateAsync("shop", new CustomerInput { Email = "a@b.co" }, cancellationToken: TestContext.Current.CancellationToken);
        var firstNameOnly = await service.CreateAsync("shop", new CustomerInput { FirstName = "Al" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(CustomerErrorCodes.Required, Assert.Single(nothing.Errors).Code);
        Assert.True(phoneOnly.Succeeded);
        Assert.True(emailOnly.Succeeded);
        Assert.True(firstNameOnly.Succeeded);
    }

    [Fact]
    public async Task SurnamePolicy_RejectsEmailOnlyAndAcceptsSurname()
    {
        var service = CreateService(o => o.RequiredFields = RequiredFieldPolicy.SurnameRequired);

        var emailOnly = await service.CreateAsync("shop", new CustomerInput { Email = "a@b.co" }, cancellationToken: TestContext.Current.CancellationToken);
        var surname = await service.CreateAsync("shop", new CustomerInput { LastName = "Jones" }, cancellationToken: TestContext.Current.CancellationToken);

        var error = Assert.Single(emailOnly.Errors);
        Assert.Equal(CustomerErrorCodes.Required, error.Code);
        Assert.Equal("LastName", error.Field);
        Assert.True(surname.Succeeded);
    }

    [Fact]
    public async Task ExplicitOptIn_EmailAlone_DoesNotSubscribe()
    {
        var service = CreateService();

        var created = await service.CreateAsync("shop", new CustomerInput { Email = "quiet@example.com" }, cancellationToken: TestContext.Current.CancellationToken);
        var history = await service.GetConsentHistoryAsync("shop", created.Value!.Customer!.Id, TestContext.Current.CancellationToken);

        Assert.Equal(ConsentStatus.Unknown, created.Value.Customer.EmailConsent.Status);
        Assert.Empty(history.Value!);
    }

    [Fact]
    public async Task ImpliedOnEmailEntry_EmailSubscribesAndRecordsIt()
    {
        var service = CreateService(o => o.ConsentPolicy = ConsentPolicy.ImpliedOnEmailEntry);

        var created = await service.CreateAsync("shop", new CustomerInput { Email = "loud@example.com", Source = ConsentSource.Pos }, cancellationToken: TestContext.Current.CancellationToken);
        var customer = created.Value!.Customer!;
        var record = Assert.Single((await service.GetConsentHistoryAsync("shop", customer.Id, TestContext.Current.CancellationToken)).Value!);

        Assert.Equal(ConsentStatus.OptedIn, customer.EmailConsent.Status);
        Assert.Equal(ConsentChannel.Email, record.Channel);
        Assert.Equal(ConsentSource.Pos, record.Source);
        Assert.Equal(ConsentStatus.Unknown, customer.SmsConsent.Status);
    }

    [Fact]
    public async Task ImpliedOnEmailEntry_ExplicitOptOut_Wins()
    {
        var service = CreateService(o => o.ConsentPolicy = ConsentPolicy.ImpliedOnEmailEntry);

        var created = await service.CreateAsync("shop", new CustomerInput { Email = "no@example.com", EmailConsent = new ConsentInput(ConsentStatus.OptedOut, "v3") }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ConsentStatus.OptedOut, created.Value!.Customer!.EmailConsent.Status);
    }
}
