using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="ICustomerMergeStore"/>, driven through <see cref="CustomerService"/> merges.</summary>
public abstract class CustomerMergeSpecification : CustomerCoreSpecificationTestBase
{
    private CustomerService Customers => Resolve<CustomerService>();

    private TicketLinkService Tickets => Resolve<TicketLinkService>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    protected override void ConfigureOptions(CustomerCoreOptions options)
    {
        base.ConfigureOptions(options);
        options.Loyalty = new Loyalty.LoyaltyProgram { Enabled = true };
    }

    private async Task<Customer> CreateAsync(CustomerInput input)
    {
        var created = await Customers.CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Token);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer!;
    }

    private async Task<string> SaleAsync(Guid customerId, decimal total)
    {
        var reference = "S-" + Unique();
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Tickets.ReportAsync(Merchant, new TicketReport { TicketReference = reference, Status = TicketStatus.Completed, Total = total, Currency = "GBP" }, Token)).Succeeded);
        Assert.True((await Tickets.AttachAsync(Merchant, reference, customerId, cancellationToken: Token)).Succeeded);
        return reference;
    }

    private async Task<(Customer Kept, Customer Removed, string KeptSale, string RemovedSale)> PairAsync()
    {
        var kept = await CreateAsync(new CustomerInput { FirstName = "Jo", LastName = "Bloggs", Email = $"jo.{Unique()}@example.com" });
        var removed = await CreateAsync(new CustomerInput
        {
            FirstName = "Joanne",
            LastName = "Bloggs",
            Phone = "07911 123777",
            City = "Leeds",
            Email = $"joanne.{Unique()}@example.com",
            EmailConsent = new ConsentInput(ConsentStatus.OptedIn, "v7"),
        });
        return (kept, removed, await SaleAsync(kept.Id, 10m), await SaleAsync(removed.Id, 32.5m));
    }

    private static MergeRequest Request(Customer kept, Customer removed, Dictionary<string, MergeSide>? choices = null) => new()
    {
        KeepId = kept.Id,
        KeepVersion = kept.Version,
        RemoveId = removed.Id,
        RemoveVersion = removed.Version,
        FieldChoices = choices ?? [],
    };

    [Fact]
    public async Task PreviewMergeAsync_ListsDifferencesAndTicketsAndWritesNothing()
    {
        var (kept, removed, _, _) = await PairAsync();

        var preview = (await Customers.PreviewMergeAsync(Merchant, kept.Id, removed.Id, cancellationToken: Token)).Value!;

        var firstName = Assert.Single(preview.Differences, d => d.Field == "FirstName");
        Assert.Equal(("Jo", "Joanne", MergeSide.Kept), (firstName.KeptValue, firstName.RemovedValue, firstName.DefaultChoice));
        Assert.Equal(MergeSide.Removed, Assert.Single(preview.Differences, d => d.Field == "City").DefaultChoice);
        Assert.DoesNotContain(preview.Differences, d => d.Field == "LastName");
        Assert.Equal(1, preview.TicketsToMove);
        Assert.Equal("Leeds", preview.Merged.City);
        Assert.Equal(removed.Id, (await Customers.GetAsync(Merchant, removed.Id, Token)).Value!.Id);
    }

    [Fact]
    public async Task MergeAsync_MovesTicketsFieldsAndConsentAndTheOldIdResolves()
    {
        var (kept, removed, keptSale, removedSale) = await PairAsync();

        var merge = await Customers.MergeAsync(Merchant, Request(kept, removed, new() { ["Email"] = MergeSide.Removed }), Token);

        Assert.True(merge.Succeeded, merge.ToString());
        var merged = (await Customers.GetAsync(Merchant, kept.Id, Token)).Value!;
        Assert.Equal("Jo", merged.FirstName);
        Assert.Equal("Leeds", merged.City);
        Assert.Equal("+447911123777", merged.PhoneE164);
        Assert.Equal(removed.Email, merged.Email);
        Assert.Equal(ConsentStatus.OptedIn, merged.EmailConsent.Status);
        Assert.Equal(kept.Version + 1, merged.Version);
        Assert.Equal(kept.Id, (await Customers.GetAsync(Merchant, removed.Id, Token)).Value!.Id);
        Assert.Equal(kept.Id, (await Tickets.GetAsync(Merchant, removedSale, Token)).Value!.CustomerId);
        var visits = (await Tickets.GetVisitsAsync(Merchant, kept.Id, Token)).Value!;
        Assert.Equal(2, visits.VisitCount);
        Assert.Equal(42.5m, visits.SpentByCurrency["GBP"]);
        Assert.Equal(0, (await Tickets.GetVisitsAsync(Merchant, removed.Id, Token)).Value!.VisitCount);
        var byEmail = Assert.Single((await Customers.SearchAsync(Merchant, new CustomerQuery(removed.Email!), Token)).Value!.Items);
        Assert.Equal(kept.Id, byEmail.Customer.Id);
        Assert.Empty((await Customers.SearchAsync(Merchant, new CustomerQuery(kept.Email!), Token)).Value!.Items);
        Assert.Equal(keptSale, (await Tickets.GetPurchaseHistoryAsync(Merchant, kept.Id, cancellationToken: Token)).Value!.Items[^1].TicketReference);
    }

    [Fact]
    public async Task MergeAsync_MovesPointsAndStoreCredit_AndUndoMovesThemBack()
    {
        var (kept, removed, _, removedSale) = await PairAsync();
        var credit = Resolve<Credit.CreditService>();
        var loyalty = Resolve<Loyalty.LoyaltyService>();
        Assert.True((await credit.IssueStoreCreditAsync(Merchant, removed.Id, new Money(15m, "GBP"), new Credit.LedgerPostingDetails("gift-" + Unique()), Token)).Succeeded);
        Assert.True((await credit.IssueStoreCreditAsync(Merchant, kept.Id, new Money(5m, "GBP"), new Credit.LedgerPostingDetails("gift-" + Unique()), Token)).Succeeded);
        var removedPoints = (await loyalty.GetBalanceAsync(Merchant, removed.Id, Token)).Value;
        var keptPoints = (await loyalty.GetBalanceAsync(Merchant, kept.Id, Token)).Value;

        var preview = (await Customers.PreviewMergeAsync(Merchant, kept.Id, removed.Id, cancellationToken: Token)).Value!;
        var merge = (await Customers.MergeAsync(Merchant, Request(kept, removed), Token)).Value!;

        Assert.Contains(preview.BalancesToMove, a => a.Kind == Credit.LedgerAccountKind.StoreCredit && a.Balance == 15m);
        Assert.Equal(20m, (await credit.GetStoreCreditAsync(Merchant, kept.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(0m, (await credit.GetStoreCreditAsync(Merchant, removed.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(keptPoints + removedPoints, (await loyalty.GetBalanceAsync(Merchant, kept.Id, Token)).Value);
        Assert.Equal((10m, 32m), (keptPoints, removedPoints));
        Assert.Equal(kept.Id, (await Tickets.GetAsync(Merchant, removedSale, Token)).Value!.PointsCustomerId);

        Assert.True((await Customers.UndoMergeAsync(Merchant, merge.Id, Token)).Succeeded);
        Assert.Equal(5m, (await credit.GetStoreCreditAsync(Merchant, kept.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(15m, (await credit.GetStoreCreditAsync(Merchant, removed.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(removedPoints, (await loyalty.GetBalanceAsync(Merchant, removed.Id, Token)).Value);
    }

    [Fact]
    public async Task MergeAsync_BalanceAboveOnePosting_MovesWhole_ButNotOverTheBalanceMaximum()
    {
        await using var tight = BuildServices(o =>
        {
            o.MaxPostingAmount = 500m;
            o.MaxAccountBalance = 1_000m;
        });
        Credit.CreditService Credit() => tight.CreateScope().ServiceProvider.GetRequiredService<Credit.CreditService>();
        CustomerService Customers() => tight.CreateScope().ServiceProvider.GetRequiredService<CustomerService>();
        async Task IssueAsync(Guid customerId, decimal amount) =>
            Assert.True((await Credit().IssueStoreCreditAsync(Merchant, customerId, new Money(amount, "GBP"), new Credit.LedgerPostingDetails("gift-" + Unique()), Token)).Succeeded);
        var (kept, removed, _, _) = await PairAsync();
        var (full, big, _, _) = await PairAsync();
        await IssueAsync(removed.Id, 500m);
        await IssueAsync(removed.Id, 200m);
        await IssueAsync(full.Id, 500m);
        await IssueAsync(big.Id, 500m);
        await IssueAsync(big.Id, 100m);

        var moved = await Customers().MergeAsync(Merchant, Request(kept, removed), Token);
        var refused = await Customers().MergeAsync(Merchant, Request(full, big), Token);

        Assert.True(moved.Succeeded, moved.ToString());
        Assert.Equal(700m, (await Credit().GetStoreCreditAsync(Merchant, kept.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.True(refused.HasError(CustomerErrorCodes.BalanceLimitExceeded), refused.ToString());
        Assert.Equal(500m, (await Credit().GetStoreCreditAsync(Merchant, full.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(600m, (await Credit().GetStoreCreditAsync(Merchant, big.Id, "GBP", Token)).Value!.Balance.Amount);
        Assert.Equal(big.Id, (await Customers().GetAsync(Merchant, big.Id, Token)).Value!.Id);
    }

    [Fact]
    public async Task MergeAsync_MovesWhatIsOwedOnACreditLine_ToALineOfTheSameName()
    {
        var (kept, removed, _, _) = await PairAsync();
        var credit = Resolve<Credit.CreditService>();
        var line = (await credit.OpenCreditLineAsync(Merchant, removed.Id, new Credit.CreditLineInput("House", new Money(100m, "GBP"), 30), Token)).Value!;
        Assert.True((await credit.ChargeAsync(Merchant, line.Id, new Money(30m, "GBP"), new Credit.LedgerPostingDetails("owed-" + Unique()), Token)).Succeeded);

        var merge = await Customers.MergeAsync(Merchant, Request(kept, removed), Token);

        Assert.True(merge.Succeeded, merge.ToString());
        var keptLine = Assert.Single((await credit.ListAccountsAsync(Merchant, kept.Id, Token)).Value!, a => a.Kind == Credit.LedgerAccountKind.CreditLine);
        Assert.Equal(("House", 30m, 100m, 30), (keptLine.Name, keptLine.Balance, keptLine.Limit!.Value, keptLine.PaymentTermDays));
        Assert.Equal(0m, (await credit.GetAccountAsync(Merchant, line.Id, Token)).Value!.Balance);
    }

    [Fact]
    public async Task UndoMergeAsync_AfterTheMovedCreditWasSpent_IsBlocked()
    {
        var (kept, removed, _, _) = await PairAsync();
        var credit = Resolve<Credit.CreditService>();
        Assert.True((await credit.IssueStoreCreditAsync(Merchant, removed.Id, new Money(15m, "GBP"), new Credit.LedgerPostingDetails("gift-" + Unique()), Token)).Succeeded);
        var merge = (await Customers.MergeAsync(Merchant, Request(kept, removed), Token)).Value!;
        Assert.True((await credit.RedeemStoreCreditAsync(Merchant, kept.Id, new Money(10m, "GBP"), new Credit.LedgerPostingDetails("spend-" + Unique()), Token)).Succeeded);

        var undo = await Customers.UndoMergeAsync(Merchant, merge.Id, Token);

        Assert.True(undo.HasError(CustomerErrorCodes.MergeUndoBlocked), undo.ToString());
        Assert.Equal(5m, (await credit.GetStoreCreditAsync(Merchant, kept.Id, "GBP", Token)).Value!.Balance.Amount);
    }

    [Fact]
    public async Task MergeAsync_StaleVersion_ReturnsConflictAndChangesNothing()
    {
        var (kept, removed, _, removedSale) = await PairAsync();
        var stale = Request(kept, removed) with { RemoveVersion = removed.Version - 1 };

        var merge = await Customers.MergeAsync(Merchant, stale, Token);

        Assert.True(merge.HasError(CustomerErrorCodes.VersionConflict));
        Assert.Equal(removed.Id, (await Customers.GetAsync(Merchant, removed.Id, Token)).Value!.Id);
        Assert.Equal(removed.Id, (await Tickets.GetAsync(Merchant, removedSale, Token)).Value!.CustomerId);
    }

    [Fact]
    public async Task UndoMergeAsync_RestoresBothCustomersAndTheirTickets()
    {
        var (kept, removed, _, removedSale) = await PairAsync();
        var merge = (await Customers.MergeAsync(Merchant, Request(kept, removed, new() { ["Email"] = MergeSide.Removed }), Token)).Value!;

        var undo = await Customers.UndoMergeAsync(Merchant, merge.Id, Token);

        Assert.True(undo.Succeeded, undo.ToString());
        var restoredKept = (await Customers.GetAsync(Merchant, kept.Id, Token)).Value!;
        var restoredRemoved = (await Customers.GetAsync(Merchant, removed.Id, Token)).Value!;
        Assert.Equal(removed.Id, restoredRemoved.Id);
        Assert.Equal(kept.Email, restoredKept.Email);
        Assert.Null(restoredKept.City);
        Assert.Equal(removed.Email, restoredRemoved.Email);
        Assert.Equal("Leeds", restoredRemoved.City);
        Assert.Equal(removed.Id, (await Tickets.GetAsync(Merchant, removedSale, Token)).Value!.CustomerId);
        Assert.Equal(1, (await Tickets.GetVisitsAsync(Merchant, kept.Id, Token)).Value!.VisitCount);
        Assert.True((await Customers.UndoMergeAsync(Merchant, merge.Id, Token)).HasError(CustomerErrorCodes.MergeUndoBlocked));
    }

    [Fact]
    public async Task UndoMergeAsync_AfterTheKeptCustomerChanged_IsBlockedWithTheReason()
    {
        var (kept, removed, _, _) = await PairAsync();
        var merge = (await Customers.MergeAsync(Merchant, Request(kept, removed), Token)).Value!;
        var merged = (await Customers.GetAsync(Merchant, kept.Id, Token)).Value!;
        Assert.True((await Customers.UpdateAsync(Merchant, kept.Id, merged.Version, CustomerInput.From(merged) with { Note = "changed" }, Token)).Succeeded);

        var undo = await Customers.UndoMergeAsync(Merchant, merge.Id, Token);

        var error = Assert.Single(undo.Errors);
        Assert.Equal(CustomerErrorCodes.MergeUndoBlocked, error.Code);
        Assert.Contains("changed", error.Description, StringComparison.Ordinal);
        Assert.Equal(kept.Id, (await Customers.GetAsync(Merchant, removed.Id, Token)).Value!.Id);
    }

    [Fact]
    public async Task MergeAsync_SameCustomerOrOtherMerchant_IsRefused()
    {
        var (kept, removed, _, _) = await PairAsync();

        Assert.True((await Customers.MergeAsync(Merchant, Request(kept, kept), Token)).HasError(CustomerErrorCodes.InvalidValue));
        Assert.True((await Customers.MergeAsync(new MerchantId("other-" + Unique()), Request(kept, removed), Token)).HasError(CustomerErrorCodes.NotFound));
        Assert.True((await Customers.UndoMergeAsync(Merchant, Guid.CreateVersion7(), Token)).HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task Store_FindActiveByRemovedId_IgnoresUndoneMerges()
    {
        var (kept, removed, _, _) = await PairAsync();
        var merge = (await Customers.MergeAsync(Merchant, Request(kept, removed), Token)).Value!;
        var store = Resolve<ICustomerMergeStore>();
        Assert.Equal(merge.Id, (await store.FindActiveByRemovedIdAsync(Merchant, removed.Id, Token))!.Id);

        await Customers.UndoMergeAsync(Merchant, merge.Id, Token);

        Assert.Null(await Resolve<ICustomerMergeStore>().FindActiveByRemovedIdAsync(Merchant, removed.Id, Token));
        var record = await Resolve<ICustomerMergeStore>().FindAsync(Merchant, merge.Id, Token);
        Assert.Equal("system", record!.UndoneBy);
        Assert.Equal(removed.Email, record.RemovedBefore.Email);
    }
}
