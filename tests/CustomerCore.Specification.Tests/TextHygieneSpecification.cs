using System.Text;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Groups;
using CustomerCore.Importing;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>
/// Control characters (NUL, ESC, BEL) never reach a store, whichever service or import brings them: every write is
/// refused with a <see cref="CustomerErrorCodes.ControlCharacter"/> error naming the field, and nothing is stored.
/// PostgreSQL would otherwise throw on a NUL and SQLite would keep it.
/// </summary>
public abstract class TextHygieneSpecification : CustomerCoreSpecificationTestBase
{
    private static readonly char[] Hostile = ['\0', '\u001B', '\u0007'];

    /// <summary>Every text field of <see cref="CustomerInput"/>, with a valid value to poison.</summary>
    private static readonly (string Field, string Clean, Func<CustomerInput, string, CustomerInput> Set)[] TextFields =
    [
        (nameof(CustomerInput.FirstName), "Anna", (i, v) => i with { FirstName = v }),
        (nameof(CustomerInput.LastName), "Berg", (i, v) => i with { LastName = v }),
        (nameof(CustomerInput.DisplayName), "Anna B", (i, v) => i with { DisplayName = v }),
        (nameof(CustomerInput.CompanyName), "Berg Ltd", (i, v) => i with { CompanyName = v }),
        (nameof(CustomerInput.Email), "anna@example.com", (i, v) => i with { Email = v }),
        (nameof(CustomerInput.Phone), "07911 123123", (i, v) => i with { Phone = v }),
        (nameof(CustomerInput.SecondaryPhone), "020 7946 0958", (i, v) => i with { SecondaryPhone = v }),
        (nameof(CustomerInput.AddressLine1), "1 High Street", (i, v) => i with { AddressLine1 = v }),
        (nameof(CustomerInput.AddressLine2), "Flat 2", (i, v) => i with { AddressLine2 = v }),
        (nameof(CustomerInput.HouseNumber), "12a", (i, v) => i with { HouseNumber = v }),
        (nameof(CustomerInput.City), "Leeds", (i, v) => i with { City = v }),
        (nameof(CustomerInput.Region), "West Yorkshire", (i, v) => i with { Region = v }),
        (nameof(CustomerInput.PostalCode), "LS1 4AB", (i, v) => i with { PostalCode = v }),
        (nameof(CustomerInput.Country), "GB", (i, v) => i with { Country = v }),
        (nameof(CustomerInput.CustomerCode), "C-100", (i, v) => i with { CustomerCode = v }),
        (nameof(CustomerInput.Note), "Likes tea", (i, v) => i with { Note = v }),
        (nameof(CustomerInput.Tags), "vip", (i, v) => i with { Tags = ["regular", v] }),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CustomerService Customers => Resolve<CustomerService>();

    private static string Poison(string clean, char hostile) => clean[..2] + hostile + clean[2..];

    private static void AssertRefused(OperationResult result, string field, char hostile)
    {
        var label = $"{field} with U+{(int)hostile:X4}: {result}";
        Assert.False(result.Succeeded, label);
        var error = Assert.Single(result.Errors, e => e.Code == CustomerErrorCodes.ControlCharacter);
        Assert.True(error.Field == field, label);
        Assert.Contains($"U+{(int)hostile:X4}", error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(hostile, error.Description);
    }

    private Task<IReadOnlyList<Customer>> AllCustomersAsync() => Resolve<ICustomerStore>().ListAsync(Merchant, null, 100, Ct);

    [Fact]
    public async Task CreateAsync_NulEscOrBelInAnyTextField_IsRefusedWithThatFieldAndStoresNothing()
    {
        foreach (var (field, clean, set) in TextFields)
        {
            foreach (var hostile in Hostile)
            {
                var input = set(new CustomerInput { LastName = "Hygiene" }, Poison(clean, hostile));

                AssertRefused(await Customers.CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct), field, hostile);
            }
        }

        Assert.Empty(await AllCustomersAsync());
    }

    [Fact]
    public async Task UpdateAsync_NulEscOrBelInAnyTextField_IsRefusedWithThatFieldAndChangesNothing()
    {
        var created = await Customers.CreateAsync(Merchant, new CustomerInput { FirstName = "Clean", LastName = "Customer", Note = "First\r\nsecond\tline" }, cancellationToken: Ct);
        Assert.True(created.Succeeded, created.ToString());
        var customer = created.Value!.Customer!;

        foreach (var (field, clean, set) in TextFields)
        {
            foreach (var hostile in Hostile)
            {
                var input = set(CustomerInput.From(customer), Poison(clean, hostile));

                AssertRefused(await Customers.UpdateAsync(Merchant, customer.Id, customer.Version, input, Ct), field, hostile);
            }
        }

        var stored = Assert.Single(await AllCustomersAsync());
        Assert.Equal(customer.Version, stored.Version);
        Assert.Equal(("Clean", "Customer", "First\r\nsecond\tline"), (stored.FirstName, stored.LastName, stored.Note));
    }

    [Fact]
    public async Task EnsureAndSearch_WithANulInTheKey_AreRefusedBeforeTheStoreIsAsked()
    {
        var ensured = await Customers.EnsureCustomerAsync(Merchant, new CustomerInput { Email = "nul\0@example.com" }, Ct);
        var searched = await Customers.SearchAsync(Merchant, new CustomerQuery("an\0na"), Ct);

        AssertRefused(ensured, nameof(CustomerInput.Email), '\0');
        AssertRefused(searched, nameof(CustomerQuery.Text), '\0');
        Assert.Empty(await AllCustomersAsync());
    }

    [Fact]
    public async Task GroupName_WithAnEscapeSequence_IsRefusedAndNoGroupIsStored()
    {
        var result = await Resolve<CustomerGroupService>().CreateAsync(Merchant, "Staff\u001B[2J", cancellationToken: Ct);

        AssertRefused(result, "Name", '\u001B');
        Assert.Empty(await Resolve<ICustomerGroupStore>().ListAsync(Merchant, Ct));
    }

    [Fact]
    public async Task LedgerPosting_ControlCharacterInKeyReferenceOrNote_IsRefused_WhileANoteMayHaveLines()
    {
        var customer = await Customers.CreateAsync(Merchant, new CustomerInput { LastName = "Ledger" }, cancellationToken: Ct);
        var credit = Resolve<CreditService>();
        var badName = await credit.OpenCreditLineAsync(Merchant, customer.Value!.Customer!.Id, new CreditLineInput("House\0", new Money(100m, "EUR"), 30), Ct);
        AssertRefused(badName, "Name", '\0');
        var opened = await credit.OpenCreditLineAsync(Merchant, customer.Value!.Customer!.Id, new CreditLineInput("House", new Money(100m, "EUR"), 30), Ct);
        Assert.True(opened.Succeeded, opened.ToString());
        var line = opened.Value!;
        var amount = new Money(10m, "EUR");

        AssertRefused(await credit.ChargeAsync(Merchant, line.Id, amount, new LedgerPostingDetails("key\0" + Unique()), Ct), nameof(LedgerPostingDetails.IdempotencyKey), '\0');
        AssertRefused(await credit.ChargeAsync(Merchant, line.Id, amount, new LedgerPostingDetails(Unique()) { Reference = "R\u00071" }, Ct), nameof(LedgerPostingDetails.Reference), '\u0007');
        AssertRefused(await credit.ChargeAsync(Merchant, line.Id, amount, new LedgerPostingDetails(Unique()) { Note = "paid\u001B[8m" }, Ct), nameof(LedgerPostingDetails.Note), '\u001B');
        Assert.Empty(await Resolve<ICreditLedgerStore>().ListEntriesAsync(Merchant, line.Id, 0, 100, Ct));

        var multiLine = await credit.ChargeAsync(Merchant, line.Id, amount, new LedgerPostingDetails(Unique()) { Note = "Two items:\r\n\tcoffee\n\ttea" }, Ct);
        Assert.True(multiLine.Succeeded, multiLine.ToString());
        Assert.Equal("Two items:\r\n\tcoffee\n\ttea", Assert.Single(await Resolve<ICreditLedgerStore>().ListEntriesAsync(Merchant, line.Id, 0, 100, Ct)).Note);
    }

    [Fact]
    public async Task TicketReport_ControlCharacterInTheReference_IsRefusedAndNothingIsStored()
    {
        var reference = "R-" + Unique();
        var report = new TicketReport { TicketReference = reference + "\0", Total = 10m, Currency = "EUR" };

        AssertRefused(await Resolve<TicketLinkService>().ReportAsync(Merchant, report, Ct), nameof(TicketReport.TicketReference), '\0');
        Assert.Null(await Resolve<ITicketLinkStore>().FindByReferenceAsync(Merchant, reference, Ct));
    }

    [Fact]
    public async Task Import_ControlCharactersInCells_AllOrNothingWritesNothing_SkipInvalidRowsWritesOnlyCleanRows()
    {
        var u = Unique();
        var csv = $"First Name,Email,Note\r\nAda,ada.{u}@example.com,\"Line one\r\nLine two\"\r\nEve\u001B[31m,eve.{u}@example.com,\r\nNul,nul\0.{u}@example.com,\r\nBell,bell.{u}@example.com,Ding\u0007\r\n";
        var importer = Resolve<CustomerImporter>();

        var allOrNothing = await importer.ApplyAsync(Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), cancellationToken: Ct);

        Assert.True(allOrNothing.HasError(CustomerErrorCodes.ImportHasErrors), allOrNothing.ToString());
        Assert.Equal(
            [(4L, "First Name"), (5L, "Email"), (6L, "Note")],
            Assert.IsType<ImportRefusedError>(Assert.Single(allOrNothing.Errors)).Report.Issues.Where(i => i.Code == CustomerErrorCodes.ControlCharacter).Select(i => (i.Line, i.Column)));
        Assert.Empty(await AllCustomersAsync());

        var skipping = await Resolve<CustomerImporter>().ApplyAsync(
            Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new CustomerImportOptions { ErrorHandling = ImportErrorHandling.SkipInvalidRows }, Ct);

        Assert.True(skipping.Succeeded, skipping.ToString());
        var ada = Assert.Single(await AllCustomersAsync());
        Assert.Equal(($"ada.{u}@example.com", "Line one\r\nLine two"), (ada.Email, ada.Note));
    }
}
