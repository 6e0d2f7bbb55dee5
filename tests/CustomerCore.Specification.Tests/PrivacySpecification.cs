using System.Text.Json;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Erasure and subject access, through every store the customer's data lives in.</summary>
public abstract class PrivacySpecification : CustomerCoreSpecificationTestBase
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(Customer Customer, string Ticket)> CustomerWithHistoryAsync()
    {
        var email = $"private.{Unique()}@example.com";
        var created = await Resolve<CustomerService>().CreateAsync(Merchant, new CustomerInput
        {
            FirstName = "Priv",
            LastName = "Acy" + Unique(),
            Email = email,
            Phone = "07911 123" + Random.Shared.Next(100, 999),
            PostalCode = "N1 9GU",
            Note = "likes blue",
            EmailConsent = new ConsentInput(ConsentStatus.OptedIn, "v1"),
        }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Token);
        Assert.True(created.Succeeded, created.ToString());
        var customer = created.Value!.Customer!;
        var ticket = "PV-" + Unique();
        var tickets = Resolve<TicketLinkService>();
        Assert.True((await tickets.ReportAsync(Merchant, new TicketReport { TicketReference = ticket, Status = TicketStatus.Completed, Total = 19.99m, Currency = "GBP" }, Token)).Succeeded);
        Assert.True((await tickets.AttachAsync(Merchant, ticket, customer.Id, cancellationToken: Token)).Succeeded);
        Assert.True((await Resolve<CreditService>().IssueStoreCreditAsync(Merchant, customer.Id, new Money(7m, "GBP"), new LedgerPostingDetails("gift-" + Unique()), Token)).Succeeded);
        return (customer, ticket);
    }

    [Fact]
    public async Task EraseAsync_RemovesPersonalDataButKeepsTheBooks()
    {
        var (customer, ticket) = await CustomerWithHistoryAsync();
        var customers = Resolve<CustomerService>();

        var erased = await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer.Id, customer.Version, Token);

        Assert.True(erased.Succeeded, erased.ToString());
        var stored = (await customers.GetAsync(Merchant, customer.Id, Token)).Value!;
        Assert.Equal(CustomerPrivacyService.ErasedDisplayName, stored.Name);
        Assert.Null(stored.Email);
        Assert.Null(stored.Phone);
        Assert.Null(stored.LastName);
        Assert.Null(stored.PostalCode);
        Assert.Null(stored.Note);
        Assert.NotNull(stored.ErasedAt);
        Assert.Empty((await customers.SearchAsync(Merchant, new CustomerQuery(customer.Email!), Token)).Value!.Items);
        Assert.Empty((await customers.SearchAsync(Merchant, new CustomerQuery(customer.PhoneE164!), Token)).Value!.Items);
        Assert.Empty((await customers.SearchAsync(Merchant, new CustomerQuery(customer.LastName!), Token)).Value!.Items);
        Assert.Equal(customer.Id, (await Resolve<TicketLinkService>().GetAsync(Merchant, ticket, Token)).Value!.CustomerId);
        Assert.Equal(1, (await Resolve<TicketLinkService>().GetStatisticsAsync(Merchant, customer.Id, Token)).Value!.VisitCount);
        Assert.Equal(7m, (await Resolve<CreditService>().GetStoreCreditAsync(Merchant, customer.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Single((await customers.GetConsentHistoryAsync(Merchant, customer.Id, Token)).Value!);
        Assert.True((await customers.CreateAsync(Merchant, new CustomerInput { Email = customer.Email }, cancellationToken: Token)).Succeeded);
    }

    [Fact]
    public async Task EraseAsync_AlsoRedactsTheCopiesKeptForUndoingAMerge()
    {
        var (kept, _) = await CustomerWithHistoryAsync();
        var (removed, _) = await CustomerWithHistoryAsync();
        var customers = Resolve<CustomerService>();
        var merge = (await customers.MergeAsync(Merchant, new MergeRequest { KeepId = kept.Id, KeepVersion = kept.Version, RemoveId = removed.Id, RemoveVersion = removed.Version }, Token)).Value!;
        var merged = (await customers.GetAsync(Merchant, kept.Id, Token)).Value!;

        Assert.True((await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, kept.Id, merged.Version, Token)).Succeeded);

        var record = (await Resolve<Stores.ICustomerMergeStore>().FindAsync(Merchant, merge.Id, Token))!;
        Assert.Null(record.KeptBefore.Email);
        Assert.Null(record.RemovedBefore.Email);
        Assert.Null(record.RemovedBefore.Phone);
        Assert.Equal(kept.Id, (await customers.GetAsync(Merchant, removed.Id, Token)).Value!.Id);
        Assert.True((await customers.UndoMergeAsync(Merchant, merge.Id, Token)).HasError(CustomerErrorCodes.MergeUndoBlocked));
    }

    [Fact]
    public async Task EraseAsync_StaleVersion_ChangesNothing()
    {
        var (customer, _) = await CustomerWithHistoryAsync();

        var erased = await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer.Id, customer.Version + 1, Token);

        Assert.True(erased.HasError(CustomerErrorCodes.VersionConflict));
        Assert.Equal(customer.Email, (await Resolve<CustomerService>().GetAsync(Merchant, customer.Id, Token)).Value!.Email);
    }

    [Fact]
    public async Task ExportPersonalDataAsync_ContainsTheCustomerConsentTicketsAndLedger()
    {
        var (customer, ticket) = await CustomerWithHistoryAsync();

        var exported = await Resolve<CustomerPrivacyService>().ExportPersonalDataAsync(Merchant, customer.Id, Token);

        Assert.True(exported.Succeeded, exported.ToString());
        var json = JsonDocument.Parse(exported.Value!).RootElement;
        Assert.Equal(customer.Email, json.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("optedIn", json.GetProperty("consentHistory")[0].GetProperty("status").GetString());
        Assert.Equal(ticket, json.GetProperty("tickets")[0].GetProperty("ticketReference").GetString());
        var account = json.GetProperty("ledgerAccounts")[0];
        Assert.Equal(7m, account.GetProperty("account").GetProperty("balance").GetDecimal());
        Assert.Equal("issue", account.GetProperty("entries")[0].GetProperty("type").GetString());
        Assert.True((await Resolve<CustomerPrivacyService>().ExportPersonalDataAsync(new MerchantId("other-" + Unique()), customer.Id, Token)).HasError(CustomerErrorCodes.NotFound));
    }
}
