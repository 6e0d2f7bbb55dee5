using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="ICreditLedgerStore"/>, driven through <see cref="CreditService"/> and directly.</summary>
public abstract partial class CreditLedgerSpecification : CustomerCoreSpecificationTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How many postings the concurrency test makes in total, spread over eight tasks. Stores whose database
    /// is slow to start may lower it; the issue's bar is 10,000.</summary>
    protected virtual int ConcurrentPostingCount => 10_000;

    private CreditService Credit => Resolve<CreditService>();

    private static Money Eur(decimal amount) => new(amount, "EUR");

    private static LedgerPostingDetails Key(string? reason = null) => new("k-" + Guid.NewGuid().ToString("N")) { OverrideReason = reason };

    private async Task<Guid> NewCustomerAsync()
    {
        var result = await Resolve<CustomerService>().CreateAsync(
            Merchant, new CustomerInput { FirstName = "Credit", LastName = Unique() }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Customer!.Id;
    }

    private async Task<LedgerAccount> NewCreditLineAsync(decimal limit = 100m, int termDays = 30, Guid? customerId = null, bool active = true)
    {
        var result = await Credit.OpenCreditLineAsync(
            Merchant, customerId ?? await NewCustomerAsync(), new CreditLineInput("House " + Unique(), Eur(limit), termDays, active), Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private static T Ok<T>(OperationResult<T> result)
    {
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<List<LedgerEntry>> AllEntriesAsync(Guid accountId)
    {
        var store = Resolve<ICreditLedgerStore>();
        var entries = new List<LedgerEntry>();
        while (true)
        {
            var page = await store.ListEntriesAsync(Merchant, accountId, entries.Count == 0 ? 0 : entries[^1].Sequence, 1000, Ct);
            entries.AddRange(page);
            if (page.Count < 1000)
            {
                return entries;
            }
        }
    }

    [Fact]
    public async Task OpenCreditLineAsync_NameTakenInAnotherCase_ReturnsDuplicateCreditLineName()
    {
        var customerId = await NewCustomerAsync();
        Ok(await Credit.OpenCreditLineAsync(Merchant, customerId, new CreditLineInput("House account", Eur(50m), 30), Ct));

        var again = await Credit.OpenCreditLineAsync(Merchant, customerId, new CreditLineInput(" HOUSE ACCOUNT ", Eur(80m), 14), Ct);
        var otherCustomer = await Credit.OpenCreditLineAsync(Merchant, await NewCustomerAsync(), new CreditLineInput("House account", Eur(80m), 14), Ct);

        Assert.True(again.HasError(CustomerErrorCodes.DuplicateCreditLineName), again.ToString());
        Assert.True(otherCustomer.Succeeded, otherCustomer.ToString());
        Assert.Single(Ok(await Credit.ListAccountsAsync(Merchant, customerId, Ct)));
    }

    [Fact]
    public async Task OpenCreditLineAsync_InvalidSettings_ReturnsErrors()
    {
        var customerId = await NewCustomerAsync();

        var result = await Credit.OpenCreditLineAsync(Merchant, customerId, new CreditLineInput("", new Money(10.001m, "EUR"), -1), Ct);
        var unknownCustomer = await Credit.OpenCreditLineAsync(Merchant, Guid.CreateVersion7(), new CreditLineInput("X", Eur(1m), 1), Ct);

        Assert.True(result.HasError(CustomerErrorCodes.Required));
        Assert.True(result.HasError(CustomerErrorCodes.TooManyDecimals));
        Assert.True(result.HasError(CustomerErrorCodes.InvalidValue));
        Assert.True(unknownCustomer.HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task ChargeAsync_WithinLimit_RaisesTheBalanceAndRecordsTheEntry()
    {
        var line = await NewCreditLineAsync(limit: 100m);

        var posting = Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(60m), Key() with { Reference = "R-1001" }, Ct));

        Assert.Equal(60m, posting.Account.Balance);
        Assert.Equal(LedgerEntryType.Charge, posting.Entry.Type);
        Assert.Equal(60m, posting.Entry.Amount);
        Assert.Equal(60m, posting.Entry.BalanceAfter);
        Assert.Equal("R-1001", posting.Entry.Reference);
        Assert.Equal("EUR", posting.Entry.Unit);
        Assert.Equal(Clock.GetUtcNow(), posting.Entry.PostedAt);
        Assert.False(posting.Replayed);
        Assert.Equal(60m, Ok(await Credit.GetAccountAsync(Merchant, line.Id, Ct)).Balance);
    }

    [Fact]
    public async Task ChargeAsync_OverLimit_ReturnsCreditLimitExceeded()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(60m), Key(), Ct));

        var over = await Credit.ChargeAsync(Merchant, line.Id, Eur(40.01m), Key("regular customer"), Ct);
        var exactly = await Credit.ChargeAsync(Merchant, line.Id, Eur(40m), Key(), Ct);

        Assert.True(over.HasError(CustomerErrorCodes.CreditLimitExceeded), over.ToString());
        Assert.True(exactly.Succeeded, exactly.ToString());
        Assert.Equal(2, (await AllEntriesAsync(line.Id)).Count);
        Assert.Equal(100m, Ok(await Credit.GetAccountAsync(Merchant, line.Id, Ct)).Balance);
    }

    [Fact]
    public async Task ChargeAsync_OverLimitUnderWarnPolicy_NeedsAndRecordsAnOverrideReason()
    {
        await using var warn = BuildServices(o => o.CreditLimitPolicy = CreditLimitPolicy.Warn);
        var credit = warn.CreateScope().ServiceProvider.GetRequiredService<CreditService>();
        var line = await NewCreditLineAsync(limit: 50m);

        var withoutReason = await credit.ChargeAsync(Merchant, line.Id, Eur(80m), Key(), Ct);
        var withReason = await credit.ChargeAsync(Merchant, line.Id, Eur(80m), Key("manager approved, pays Friday"), Ct);

        Assert.True(withoutReason.HasError(CustomerErrorCodes.CreditLimitExceeded), withoutReason.ToString());
        var posting = Ok(withReason);
        Assert.True(posting.LimitOverridden);
        Assert.Equal("manager approved, pays Friday", posting.Entry.OverrideReason);
        Assert.Equal("manager approved, pays Friday", Assert.Single(await AllEntriesAsync(line.Id)).OverrideReason);
        Assert.Equal(80m, posting.Account.Balance);
    }

    [Fact]
    public async Task ChargeAsync_InactiveLineOrOtherCurrency_IsRefusedButPaymentsStillWork()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(30m), Key(), Ct));
        var inactive = Ok(await Credit.UpdateCreditLineAsync(Merchant, line.Id, line.Version + 1, new CreditLineInput(line.Name, Eur(100m), 30, IsActive: false), Ct));

        var charge = await Credit.ChargeAsync(Merchant, line.Id, Eur(5m), Key(), Ct);
        var dollars = await Credit.RecordPaymentAsync(Merchant, line.Id, new Money(5m, "USD"), Key(), Ct);
        var payment = await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(10m), Key(), Ct);

        Assert.False(inactive.IsActive);
        Assert.Equal(30m, inactive.Balance);
        Assert.True(charge.HasError(CustomerErrorCodes.CreditLineInactive), charge.ToString());
        Assert.True(dollars.HasError(CustomerErrorCodes.CurrencyMismatch), dollars.ToString());
        Assert.Equal(20m, Ok(payment).Account.Balance);
    }

    [Fact]
    public async Task UpdateCreditLineAsync_StaleVersionOrNewCurrency_ChangesNothing()
    {
        var line = await NewCreditLineAsync(limit: 100m);

        var stale = await Credit.UpdateCreditLineAsync(Merchant, line.Id, line.Version + 3, new CreditLineInput(line.Name, Eur(500m), 30), Ct);
        var currency = await Credit.UpdateCreditLineAsync(Merchant, line.Id, line.Version, new CreditLineInput(line.Name, new Money(500m, "GBP"), 30), Ct);

        Assert.True(stale.HasError(CustomerErrorCodes.VersionConflict));
        Assert.True(currency.HasError(CustomerErrorCodes.CurrencyMismatch));
        Assert.Equal(100m, Ok(await Credit.GetAccountAsync(Merchant, line.Id, Ct)).Limit);
    }

    [Fact]
    public async Task RecordPaymentAsync_ReducesTheBalanceButNeverBelowZero()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(45.50m), Key(), Ct));

        var paid = Ok(await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(20m), Key(), Ct));
        var overpaid = await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(25.51m), Key(), Ct);

        Assert.Equal(25.50m, paid.Account.Balance);
        Assert.Equal(-20m, paid.Entry.Amount);
        Assert.True(overpaid.HasError(CustomerErrorCodes.PaymentExceedsBalance), overpaid.ToString());
    }

    [Fact]
    public async Task GetCreditLineStatusAsync_OverdueSettlesOldestChargesFirst()
    {
        var line = await NewCreditLineAsync(limit: 1000m, termDays: 30);
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(100m), Key(), Ct));
        var firstChargeAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromDays(20));
        var secondChargeAt = Clock.GetUtcNow();
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(50m), Key(), Ct));
        Clock.Advance(TimeSpan.FromDays(5));
        Ok(await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(60m), Key(), Ct));

        Clock.Advance(TimeSpan.FromDays(6)); // day 31: only the rest of the first charge is past its term
        var day31 = Ok(await Credit.GetCreditLineStatusAsync(Merchant, line.Id, Ct));
        Clock.Advance(TimeSpan.FromDays(20)); // day 51: both charges are past their term
        var day51 = Ok(await Credit.GetCreditLineStatusAsync(Merchant, line.Id, Ct));
        Ok(await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(40m), Key(), Ct));
        var afterPayingFirst = Ok(await Credit.GetCreditLineStatusAsync(Merchant, line.Id, Ct));

        Assert.Equal(Eur(40m), day31.Overdue);
        Assert.Equal(firstChargeAt, day31.OldestOverdueSince);
        Assert.Equal(Eur(90m), day51.Overdue);
        Assert.Equal(Eur(90m), day51.Balance);
        Assert.Equal(Eur(910m), day51.AvailableCredit);
        Assert.Equal(Eur(50m), afterPayingFirst.Overdue);
        Assert.Equal(secondChargeAt, afterPayingFirst.OldestOverdueSince);
    }

    [Fact]
    public async Task GetStatementAsync_ReturnsThePeriodWithOpeningAndClosingBalances()
    {
        var line = await NewCreditLineAsync(limit: 1000m);
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(100m), Key(), Ct));
        Clock.Advance(TimeSpan.FromDays(10));
        var from = Clock.GetUtcNow();
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(30m), Key(), Ct));
        Clock.Advance(TimeSpan.FromDays(1));
        Ok(await Credit.RecordPaymentAsync(Merchant, line.Id, Eur(50m), Key(), Ct));
        Clock.Advance(TimeSpan.FromDays(10));
        var to = Clock.GetUtcNow();
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(5m), Key(), Ct));

        var statement = Ok(await Credit.GetStatementAsync(Merchant, line.Id, from, to, Ct));

        Assert.Equal(100m, statement.OpeningBalance);
        Assert.Equal([LedgerEntryType.Charge, LedgerEntryType.Payment], statement.Entries.Select(e => e.Type).ToList());
        Assert.Equal(80m, statement.ClosingBalance);
    }

    [Fact]
    public async Task StoreCredit_IssueAndRedeem_NeverGoesNegative()
    {
        var customerId = await NewCustomerAsync();

        var beforeAny = await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(1m), Key(), Ct);
        Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(25m), Key() with { Note = "refund R-77" }, Ct));
        var redeemed = Ok(await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(10m), Key(), Ct));
        var tooMuch = await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(15.01m), Key(), Ct);
        var balance = Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, "eur", Ct));

        Assert.True(beforeAny.HasError(CustomerErrorCodes.InsufficientStoreCredit), beforeAny.ToString());
        Assert.Equal(-10m, redeemed.Entry.Amount);
        Assert.True(tooMuch.HasError(CustomerErrorCodes.InsufficientStoreCredit), tooMuch.ToString());
        Assert.Equal(Eur(15m), balance.Balance);
        Assert.Equal(Eur(15m), balance.Available);
        Assert.Equal(LedgerAccountKind.StoreCredit, Assert.Single(Ok(await Credit.ListAccountsAsync(Merchant, customerId, Ct))).Kind);
    }

    [Fact]
    public async Task StoreCredit_InAnotherCurrency_IsASeparateBalance()
    {
        var customerId = await NewCustomerAsync();
        Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(10m), Key(), Ct));

        var pounds = await Credit.RedeemStoreCreditAsync(Merchant, customerId, new Money(5m, "GBP"), Key(), Ct);

        Assert.True(pounds.HasError(CustomerErrorCodes.InsufficientStoreCredit));
        Assert.Equal(new Money(0m, "GBP"), Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, "GBP", Ct)).Balance);
    }

    [Fact]
    public async Task Hold_ReducesAvailableUntilCapturedOrReleased()
    {
        var customerId = await NewCustomerAsync();
        Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(50m), Key(), Ct));

        var hold = Ok(await Credit.HoldStoreCreditAsync(Merchant, customerId, Eur(30m), Key() with { Reference = "sale-1" }, Ct));
        var whileHeld = Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, "EUR", Ct));
        var secondHold = await Credit.HoldStoreCreditAsync(Merchant, customerId, Eur(20.01m), Key(), Ct);
        var redeemOverAvailable = await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(21m), Key(), Ct);
        var captured = Ok(await Credit.CaptureHoldAsync(Merchant, hold.Entry.HoldId!.Value, Eur(25m), Key(), Ct));
        var captureAgain = await Credit.CaptureHoldAsync(Merchant, hold.Entry.HoldId.Value, null, Key(), Ct);
        var releaseAfterCapture = await Credit.ReleaseHoldAsync(Merchant, hold.Entry.HoldId.Value, Key(), Ct);
        var after = Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, "EUR", Ct));

        Assert.Equal(hold.Entry.Id, hold.Entry.HoldId);
        Assert.Equal((Eur(50m), Eur(30m), Eur(20m)), (whileHeld.Balance, whileHeld.Held, whileHeld.Available));
        Assert.True(secondHold.HasError(CustomerErrorCodes.InsufficientStoreCredit));
        Assert.True(redeemOverAvailable.HasError(CustomerErrorCodes.InsufficientStoreCredit));
        Assert.Equal((-25m, -30m), (captured.Entry.Amount, captured.Entry.HeldChange));
        Assert.True(captureAgain.HasError(CustomerErrorCodes.HoldNotOpen), captureAgain.ToString());
        Assert.True(releaseAfterCapture.HasError(CustomerErrorCodes.HoldNotOpen));
        Assert.Equal((Eur(25m), Eur(0m), Eur(25m)), (after.Balance, after.Held, after.Available));
    }

    [Fact]
    public async Task ReleaseHoldAsync_GivesTheWholeHoldBack()
    {
        var customerId = await NewCustomerAsync();
        Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(40m), Key(), Ct));
        var hold = Ok(await Credit.HoldStoreCreditAsync(Merchant, customerId, Eur(40m), Key(), Ct));

        var released = Ok(await Credit.ReleaseHoldAsync(Merchant, hold.Entry.HoldId!.Value, Key(), Ct));
        var overCapture = await Credit.CaptureHoldAsync(Merchant, hold.Entry.HoldId.Value, Eur(1m), Key(), Ct);
        var unknown = await Credit.ReleaseHoldAsync(Merchant, Guid.CreateVersion7(), Key(), Ct);

        Assert.Equal((0m, -40m), (released.Entry.Amount, released.Entry.HeldChange));
        Assert.Equal(40m, released.Account.Spendable);
        Assert.True(overCapture.HasError(CustomerErrorCodes.HoldNotOpen));
        Assert.True(unknown.HasError(CustomerErrorCodes.NotFound));
        var holdEntries = await Resolve<ICreditLedgerStore>().ListEntriesByHoldAsync(Merchant, hold.Entry.HoldId.Value, Ct);
        Assert.Equal([LedgerEntryType.Hold, LedgerEntryType.Release], holdEntries.Select(e => e.Type).ToList());
    }

    [Fact]
    public async Task SameIdempotencyKeyAndRequest_ReturnsTheFirstPostingWithoutPostingAgain()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        var details = Key() with { Reference = "R-9" };

        var first = Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(10m), details, Ct));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var retry = Ok(await Resolve<CreditService>().ChargeAsync(Merchant, line.Id, new Money(10.00m, "eur"), details, Ct));

        Assert.True(retry.Replayed);
        Assert.Equal(first.Entry.Id, retry.Entry.Id);
        Assert.Equal(first.Entry.PostedAt, retry.Entry.PostedAt);
        Assert.Single(await AllEntriesAsync(line.Id));
        Assert.Equal(10m, Ok(await Credit.GetAccountAsync(Merchant, line.Id, Ct)).Balance);
    }

    [Fact]
    public async Task SameIdempotencyKeyWithDifferentRequest_ReturnsIdempotencyKeyReused()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        var customerId = await NewCustomerAsync();
        var details = Key();
        Ok(await Credit.ChargeAsync(Merchant, line.Id, Eur(10m), details, Ct));

        var otherAmount = await Credit.ChargeAsync(Merchant, line.Id, Eur(11m), details, Ct);
        var otherReference = await Credit.ChargeAsync(Merchant, line.Id, Eur(10m), details with { Reference = "changed" }, Ct);
        var otherOperation = await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(10m), details, Ct);

        Assert.True(otherAmount.HasError(CustomerErrorCodes.IdempotencyKeyReused), otherAmount.ToString());
        Assert.True(otherReference.HasError(CustomerErrorCodes.IdempotencyKeyReused));
        Assert.True(otherOperation.HasError(CustomerErrorCodes.IdempotencyKeyReused));
        Assert.Single(await AllEntriesAsync(line.Id));
        Assert.Equal(0m, Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, "EUR", Ct)).Balance.Amount);
    }

    [Fact]
    public async Task FailedPosting_DoesNotUseUpItsIdempotencyKey()
    {
        var customerId = await NewCustomerAsync();
        var details = Key();

        var tooEarly = await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(5m), details, Ct);
        Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(5m), Key(), Ct));
        var retried = await Credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(5m), details, Ct);

        Assert.True(tooEarly.HasError(CustomerErrorCodes.InsufficientStoreCredit));
        Assert.False(Ok(retried).Replayed);
    }

    [Fact]
    public async Task AdjustAsync_IsANewEntryWithAReason_AndKeepsTheInvariants()
    {
        var customerId = await NewCustomerAsync();
        var issued = Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(20m), Key(), Ct));
        Ok(await Credit.HoldStoreCreditAsync(Merchant, customerId, Eur(15m), Key(), Ct));

        var withoutReason = await Credit.AdjustAsync(Merchant, issued.Account.Id, Eur(-1m), Key(), Ct);
        var belowHeld = await Credit.AdjustAsync(Merchant, issued.Account.Id, Eur(-6m), Key() with { Note = "typo" }, Ct);
        var corrected = Ok(await Credit.AdjustAsync(Merchant, issued.Account.Id, Eur(-5m), Key() with { Note = "issued 5 too much" }, Ct));

        Assert.True(withoutReason.HasError(CustomerErrorCodes.Required));
        Assert.True(belowHeld.HasError(CustomerErrorCodes.InsufficientStoreCredit));
        Assert.Equal(LedgerEntryType.Adjustment, corrected.Entry.Type);
        Assert.Equal("issued 5 too much", corrected.Entry.Note);
        var entries = await AllEntriesAsync(issued.Account.Id);
        Assert.Equal(3, entries.Count);
        Assert.Equal(20m, entries[0].Amount);
        Assert.Equal(15m, corrected.Account.Balance);
        Assert.Equal(0m, corrected.Account.Spendable);
    }

    [Fact]
    public async Task Postings_RecordTheActor_AndNeedCreditPostPermission()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        CreditService As(ICustomerCoreAccessContext access) => ActAs<CreditService>(access);

        var posted = Ok(await As(new TestAccessContext("till-7")).ChargeAsync(Merchant, line.Id, Eur(5m), Key(), Ct));
        var denied = await As(new TestAccessContext("trainee", CustomerPermissions.CreditPost)).ChargeAsync(Merchant, line.Id, Eur(5m), Key(), Ct);

        Assert.Equal("till-7", posted.Entry.PostedBy);
        Assert.Equal("till-7", Assert.Single(await AllEntriesAsync(line.Id)).PostedBy);
        Assert.True(denied.HasError(CustomerErrorCodes.Forbidden));
    }

    [Fact]
    public async Task Postings_InvalidAmounts_AreRejectedBeforeTouchingTheStore()
    {
        var line = await NewCreditLineAsync(limit: 100m);

        var zero = await Credit.ChargeAsync(Merchant, line.Id, Eur(0m), Key(), Ct);
        var fraction = await Credit.ChargeAsync(Merchant, line.Id, new Money(1.234m, "EUR"), Key(), Ct);
        var noKey = await Credit.ChargeAsync(Merchant, line.Id, Eur(1m), new LedgerPostingDetails(" "), Ct);
        var card = await Credit.ChargeAsync(Merchant, line.Id, Eur(1m), Key() with { Note = "card 4111 1111 1111 1111" }, Ct);

        Assert.True(zero.HasError(CustomerErrorCodes.AmountNotPositive));
        Assert.True(fraction.HasError(CustomerErrorCodes.TooManyDecimals));
        Assert.True(noKey.HasError(CustomerErrorCodes.Required));
        Assert.True(card.HasError(CustomerErrorCodes.CardNumberDetected));
        Assert.Empty(await AllEntriesAsync(line.Id));
    }

    [Fact]
    public async Task Accounts_OfAnotherMerchant_AreInvisible()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        var other = new MerchantId("other-" + Unique());

        var read = await Credit.GetAccountAsync(other, line.Id, Ct);
        var charge = await Credit.ChargeAsync(other, line.Id, Eur(1m), Key(), Ct);

        Assert.True(read.HasError(CustomerErrorCodes.NotFound));
        Assert.True(charge.HasError(CustomerErrorCodes.NotFound));
        Assert.Null(await Resolve<ICreditLedgerStore>().FindAccountAsync(other, line.Id, Ct));
    }

    [Fact]
    public async Task Store_AppendAsync_StaleVersionOrReusedKey_WritesNothing()
    {
        var line = await NewCreditLineAsync(limit: 100m);
        var store = Resolve<ICreditLedgerStore>();
        LedgerEntry Entry(string key, long sequence, decimal amount) => new()
        {
            Id = Guid.CreateVersion7(),
            MerchantId = Merchant,
            AccountId = line.Id,
            Sequence = sequence,
            Type = LedgerEntryType.Charge,
            Amount = amount,
            BalanceAfter = amount,
            Unit = "EUR",
            IdempotencyKey = key,
            RequestHash = "h",
            PostedAt = Clock.GetUtcNow(),
            PostedBy = "spec",
        };
        LedgerAccount Next(decimal balance, long version)
        {
            var next = line.Clone();
            next.Balance = balance;
            next.Version = version;
            return next;
        }

        var appended = await store.AppendAsync(Next(5m, line.Version + 1), line.Version, Entry("a-" + Unique(), line.Version + 1, 5m), Ct);
        var stale = await store.AppendAsync(Next(7m, line.Version + 1), line.Version, Entry("b-" + Unique(), line.Version + 1, 7m), Ct);
        var firstKey = (await AllEntriesAsync(line.Id))[0].IdempotencyKey;
        var reused = await store.AppendAsync(Next(9m, line.Version + 2), line.Version + 1, Entry(firstKey, line.Version + 2, 4m), Ct);
        var ghost = Next(1m, 1);
        ghost.Id = Guid.CreateVersion7();
        var ghostEntry = Entry("c-" + Unique(), 1, 1m);
        ghostEntry.AccountId = ghost.Id;
        var missing = await store.AppendAsync(ghost, 0, ghostEntry, Ct);

        Assert.Equal(LedgerAppendOutcome.Appended, appended);
        Assert.Equal(LedgerAppendOutcome.VersionConflict, stale);
        Assert.Equal(LedgerAppendOutcome.DuplicateIdempotencyKey, reused);
        Assert.Equal(LedgerAppendOutcome.AccountNotFound, missing);
        var stored = await store.FindAccountAsync(Merchant, line.Id, Ct);
        Assert.Equal((5m, line.Version + 1), (stored!.Balance, stored.Version));
        Assert.Single(await AllEntriesAsync(line.Id));
        Assert.NotNull(await store.FindEntryByIdempotencyKeyAsync(Merchant, firstKey, Ct));
        Assert.Null(await store.FindEntryByIdempotencyKeyAsync(new MerchantId("other-" + Unique()), firstKey, Ct));
    }

    [Fact]
    public async Task Store_ReturnedAccountsAndEntries_AreCopies()
    {
        var customerId = await NewCustomerAsync();
        var issued = Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(10m), Key(), Ct));
        var store = Resolve<ICreditLedgerStore>();

        var account = await store.FindAccountAsync(Merchant, issued.Account.Id, Ct);
        account!.Balance = 999m;
        var entry = (await store.ListEntriesAsync(Merchant, issued.Account.Id, 0, 10, Ct))[0];
        entry.Amount = 999m;

        Assert.Equal(10m, (await store.FindAccountAsync(Merchant, issued.Account.Id, Ct))!.Balance);
        Assert.Equal(10m, (await store.ListEntriesAsync(Merchant, issued.Account.Id, 0, 10, Ct))[0].Amount);
    }
}
