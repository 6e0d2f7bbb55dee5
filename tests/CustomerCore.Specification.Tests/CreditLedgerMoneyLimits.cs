using CustomerCore.Credit;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>
/// Money input at the ledger: unknown currencies, amounts over the posting and balance maximums, amounts that would
/// overflow <see cref="decimal"/>, and a seeded property test that the balance stays the sum of the entries whatever is
/// thrown at it.
/// </summary>
public abstract partial class CreditLedgerSpecification
{
    /// <summary>How many random postings each run of the balance property makes; stores whose database is slow may lower it.</summary>
    protected virtual int BalancePropertyStepCount => 60;

    [Theory]
    [InlineData("XYZ")]
    [InlineData("HRK")]
    [InlineData("XXX")]
    public async Task IssueAndOpen_CurrencyNotAnActiveIso4217Code_ReturnInvalidCurrencyAndOpenNoAccount(string currency)
    {
        var customerId = await NewCustomerAsync();

        var issued = await Credit.IssueStoreCreditAsync(Merchant, customerId, new Money(5m, currency), Key(), Ct);
        var opened = await Credit.OpenCreditLineAsync(Merchant, customerId, new CreditLineInput("House", new Money(50m, currency), 30), Ct);

        Assert.True(issued.HasError(CustomerErrorCodes.InvalidCurrency), issued.ToString());
        Assert.Equal("Currency", issued.Errors[0].Field);
        Assert.True(opened.HasError(CustomerErrorCodes.InvalidCurrency), opened.ToString());
        Assert.Empty(Ok(await Credit.ListAccountsAsync(Merchant, customerId, Ct)));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData("usd1")]
    [InlineData("E R")]
    public async Task GetStoreCreditAsync_CurrencyNotAnActiveIso4217Code_ReturnsInvalidCurrency(string currency)
    {
        var balance = await Credit.GetStoreCreditAsync(Merchant, await NewCustomerAsync(), currency, Ct);

        Assert.True(balance.HasError(CustomerErrorCodes.InvalidCurrency), balance.ToString());
        Assert.Equal("Currency", balance.Errors[0].Field);
    }

    [Fact]
    public async Task IssueStoreCreditAsync_LowerCaseCurrency_PostsToTheUpperCaseAccount()
    {
        var customerId = await NewCustomerAsync();

        var posting = Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, new Money(5m, "eur"), Key(), Ct));
        var balance = Ok(await Credit.GetStoreCreditAsync(Merchant, customerId, " eur ", Ct));

        Assert.Equal("EUR", posting.Account.Unit);
        Assert.Equal(new Money(5m, "EUR"), balance.Balance);
    }

    [Fact]
    public async Task Postings_OverTheMaximumPerPosting_AreRefusedBeforeAnythingIsWritten()
    {
        var customerId = await NewCustomerAsync();
        var line = await NewCreditLineAsync(limit: 1_000_000_000m, customerId: customerId);
        var overPosting = 1_000_000_000.01m;

        var issue = await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(overPosting), Key(), Ct);
        var charge = await Credit.ChargeAsync(Merchant, line.Id, Eur(overPosting), Key(), Ct);
        var adjust = await Credit.AdjustAsync(Merchant, line.Id, Eur(-overPosting), Key() with { Note = "correction" }, Ct);
        var overflow = await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(decimal.MaxValue), Key(), Ct);
        var beyondStorage = await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(1e15m), Key(), Ct);

        foreach (var refused in new[] { issue, charge, adjust, overflow, beyondStorage })
        {
            Assert.True(refused.HasError(CustomerErrorCodes.AmountTooLarge), refused.ToString());
        }

        var accounts = Ok(await Credit.ListAccountsAsync(Merchant, customerId, Ct));
        Assert.Equal(line.Id, Assert.Single(accounts).Id);
        Assert.Equal(0m, accounts[0].Balance);
        Assert.Equal(line.Version, accounts[0].Version);
        Assert.Empty(await AllEntriesAsync(line.Id));
    }

    [Fact]
    public async Task Postings_CrossingTheMaximumBalance_AreRefusedAndLoweringPostingsStillWork()
    {
        await using var tight = BuildServices(o =>
        {
            o.MaxPostingAmount = 600m;
            o.MaxAccountBalance = 1_000m;
        });
        var credit = tight.CreateScope().ServiceProvider.GetRequiredService<CreditService>();
        var customerId = await NewCustomerAsync();

        Ok(await credit.IssueStoreCreditAsync(Merchant, customerId, Eur(600m), Key(), Ct));
        var filled = Ok(await credit.IssueStoreCreditAsync(Merchant, customerId, Eur(400m), Key(), Ct));
        var crossing = await credit.IssueStoreCreditAsync(Merchant, customerId, Eur(0.01m), Key(), Ct);
        var overLimitLine = await credit.OpenCreditLineAsync(Merchant, customerId, new CreditLineInput("Big", Eur(1_000.01m), 30), Ct);
        var redeemed = await credit.RedeemStoreCreditAsync(Merchant, customerId, Eur(0.01m), Key(), Ct);

        Assert.Equal(1_000m, filled.Account.Balance);
        Assert.True(crossing.HasError(CustomerErrorCodes.BalanceLimitExceeded), crossing.ToString());
        Assert.True(overLimitLine.HasError(CustomerErrorCodes.AmountTooLarge), overLimitLine.ToString());
        Assert.Equal("Limit", overLimitLine.Errors[0].Field);
        Assert.Equal(999.99m, Ok(redeemed).Account.Balance);
        var entries = await AllEntriesAsync(filled.Account.Id);
        Assert.Equal(3, entries.Count);
        Assert.Equal(999.99m, entries.Sum(e => e.Amount));
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(41, true)]
    public async Task RandomPostingsWithBoundaryAmounts_KeepEveryBalanceTheSumOfItsEntries(int seed, bool tightLimits)
    {
        var random = new Random(seed);
        await using var services = BuildServices(o =>
        {
            if (tightLimits)
            {
                o.MaxPostingAmount = 750m;
                o.MaxAccountBalance = 2_000m;
            }
        });
        var limits = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CustomerCoreOptions>>().CurrentValue;
        CreditService Credit() => services.CreateScope().ServiceProvider.GetRequiredService<CreditService>();
        var customerId = await NewCustomerAsync();
        var line = Ok(await Credit().OpenCreditLineAsync(Merchant, customerId, new CreditLineInput("House", Eur(limits.MaxAccountBalance), 30), Ct));
        var storeCredit = Ok(await Credit().IssueStoreCreditAsync(Merchant, customerId, Eur(0.01m), Key(), Ct)).Account;
        var openHolds = new List<Guid>();

        for (var step = 0; step < BalancePropertyStepCount; step++)
        {
            var account = random.Next(2) == 0 ? line : storeCredit;
            var before = await ReadAsync(account.Id);
            var amount = BoundaryAmount(random, limits, before.Balance);
            var operation = random.Next(account.Kind == LedgerAccountKind.CreditLine ? 3 : 5);
            var (name, result) = account.Kind == LedgerAccountKind.CreditLine
                ? operation switch
                {
                    0 => ("charge", await Credit().ChargeAsync(Merchant, account.Id, Eur(amount), Key(), Ct)),
                    1 => ("pay", await Credit().RecordPaymentAsync(Merchant, account.Id, Eur(amount), Key(), Ct)),
                    _ => ("adjust", await Credit().AdjustAsync(Merchant, account.Id, Eur(random.Next(2) == 0 ? amount : -amount), Key() with { Note = "count" }, Ct)),
                }
                : operation switch
                {
                    0 => ("issue", await Credit().IssueStoreCreditAsync(Merchant, customerId, Eur(amount), Key(), Ct)),
                    1 => ("redeem", await Credit().RedeemStoreCreditAsync(Merchant, customerId, Eur(amount), Key(), Ct)),
                    2 => ("hold", await Credit().HoldStoreCreditAsync(Merchant, customerId, Eur(amount), Key(), Ct)),
                    3 when openHolds.Count > 0 => ("capture", await Credit().CaptureHoldAsync(Merchant, Take(openHolds, random), null, Key(), Ct)),
                    _ => ("adjust", await Credit().AdjustAsync(Merchant, account.Id, Eur(random.Next(2) == 0 ? amount : -amount), Key() with { Note = "count" }, Ct)),
                };
            var after = await ReadAsync(account.Id);
            var context = $"seed {seed}, step {step}: {name} {amount} on {account.Kind} at balance {before.Balance} -> {result}";

            Assert.Equal(after.Entries.Sum(e => e.Amount), after.Balance);
            Assert.Equal(after.Entries.Sum(e => e.HeldChange), after.Held);
            Assert.True(after.Balance <= limits.MaxAccountBalance, context);
            Assert.True(after.Held >= 0m && after.Held <= after.Balance, context);
            if (result.Succeeded)
            {
                Assert.Equal(before.Entries.Count + 1, after.Entries.Count);
                Assert.Equal(after.Balance, after.Entries[^1].BalanceAfter);
                if (name == "hold")
                {
                    openHolds.Add(result.Value!.Entry.HoldId!.Value);
                }
            }
            else
            {
                // A refused posting leaves no trace: no entry, no balance change, no version bump.
                Assert.Equal(before.Entries.Count, after.Entries.Count);
                Assert.Equal((before.Balance, before.Held, before.Version), (after.Balance, after.Held, after.Version));
            }

            if (name is "capture")
            {
                continue;
            }

            if (amount > limits.MaxPostingAmount || amount < -limits.MaxPostingAmount)
            {
                Assert.False(result.Succeeded, context);
                Assert.True(result.HasError(CustomerErrorCodes.AmountTooLarge) || result.HasError(CustomerErrorCodes.AmountNotPositive), context);
            }
            else if (decimal.Round(amount, 2) != amount)
            {
                Assert.True(result.HasError(CustomerErrorCodes.TooManyDecimals) || result.HasError(CustomerErrorCodes.AmountNotPositive), context);
            }
            else if (name is "issue" or "charge" && amount > 0m && before.Balance + amount > limits.MaxAccountBalance)
            {
                Assert.True(result.HasError(CustomerErrorCodes.BalanceLimitExceeded) || result.HasError(CustomerErrorCodes.CreditLimitExceeded), context);
            }
        }
    }

    private static Guid Take(List<Guid> holds, Random random)
    {
        var index = random.Next(holds.Count);
        var hold = holds[index];
        holds.RemoveAt(index);
        return hold;
    }

    // Mostly the edges: the smallest unit, each maximum and one unit either side, what exactly fills or crosses the
    // balance maximum, too many decimals, zero, negative, beyond the storage columns and where decimal overflows.
    private static decimal BoundaryAmount(Random random, CustomerCoreOptions limits, decimal balance)
    {
        var room = limits.MaxAccountBalance - balance;
        return random.Next(14) switch
        {
            0 => 0.01m,
            1 => limits.MaxPostingAmount,
            2 => limits.MaxPostingAmount - 0.01m,
            3 => limits.MaxPostingAmount + 0.01m,
            4 => room > 0m ? Math.Min(room, limits.MaxPostingAmount) : 0.01m,
            5 => room + 0.01m,
            6 => 0.001m,
            7 => 12.345m,
            8 => 0m,
            9 => -5m,
            10 => decimal.MaxValue,
            11 => 1e15m,
            12 => decimal.MaxValue / 3m,
            _ => Math.Round((decimal)random.NextDouble() * limits.MaxPostingAmount, 2),
        };
    }

    private sealed record AccountState(decimal Balance, decimal Held, long Version, List<LedgerEntry> Entries);

    private async Task<AccountState> ReadAsync(Guid accountId)
    {
        var account = await Resolve<ICreditLedgerStore>().FindAccountAsync(Merchant, accountId, Ct);
        Assert.NotNull(account);
        return new AccountState(account.Balance, account.Held, account.Version, await AllEntriesAsync(accountId));
    }
}
