using System.Collections.Concurrent;
using CustomerCore.Credit;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

public abstract partial class CreditLedgerSpecification
{
    private const int Tills = 8;
    private const decimal ConcurrentLineLimit = 300m;

    // Rule refusals are expected under contention; anything else (or an exhausted retry budget too often) is a failure.
    private static readonly string[] ExpectedRefusals =
    [
        CustomerErrorCodes.InsufficientStoreCredit,
        CustomerErrorCodes.CreditLimitExceeded,
        CustomerErrorCodes.PaymentExceedsBalance,
    ];

    private sealed record SentPosting(string Operation, Guid Target, Money? Amount, LedgerPostingDetails Details, Guid EntryId);

    [Fact]
    public async Task ConcurrentTills_RandomPostings_KeepEveryLedgerConsistent()
    {
        var customers = new[] { await NewCustomerAsync(), await NewCustomerAsync() };
        var lines = new List<LedgerAccount>();
        foreach (var customerId in customers)
        {
            lines.Add(await NewCreditLineAsync(limit: ConcurrentLineLimit, customerId: customerId));
            Ok(await Credit.IssueStoreCreditAsync(Merchant, customerId, Eur(100m), Key(), Ct));
        }

        var posted = new ConcurrentDictionary<Guid, byte>();
        var unexpected = new ConcurrentQueue<string>();
        var openHoldAmounts = new ConcurrentDictionary<Guid, decimal>();
        var exhausted = 0;
        var replays = 0;
        var reuses = 0;

        async Task TillAsync(int till, int postings)
        {
            using var scope = Services.CreateScope();
            var credit = scope.ServiceProvider.GetRequiredService<CreditService>();
            var random = new Random(7919 * (till + 1));
            var sent = new List<SentPosting>();
            var myHolds = new List<(Guid HoldId, decimal Amount)>();
            for (var i = 0; i < postings; i++)
            {
                var customerId = customers[random.Next(customers.Length)];
                var line = lines[random.Next(lines.Count)];
                var amount = Eur(random.Next(1, 4000) / 100m);
                var details = new LedgerPostingDetails($"till{till}-{i}");
                var choice = random.Next(100);
                if (choice < 6 && sent.Count > 0)
                {
                    var earlier = sent[random.Next(sent.Count)];
                    var replay = await SendAsync(credit, earlier.Operation, earlier.Target, earlier.Amount, earlier.Details);
                    if (replay.Succeeded && replay.Value!.Replayed && replay.Value.Entry.Id == earlier.EntryId)
                    {
                        Interlocked.Increment(ref replays);
                    }
                    else
                    {
                        unexpected.Enqueue($"replay of {earlier.Details.IdempotencyKey}: {replay}");
                    }

                    continue;
                }

                if (choice < 9 && sent.Count > 0)
                {
                    var earlier = sent[random.Next(sent.Count)];
                    var changed = earlier.Details with { Reference = "changed" };
                    var reuse = await SendAsync(credit, earlier.Operation, earlier.Target, earlier.Amount, changed);
                    if (reuse.HasError(CustomerErrorCodes.IdempotencyKeyReused))
                    {
                        Interlocked.Increment(ref reuses);
                    }
                    else
                    {
                        unexpected.Enqueue($"reuse of {earlier.Details.IdempotencyKey}: {reuse}");
                    }

                    continue;
                }

                var (operation, target, value) = choice switch
                {
                    < 25 => ("issue", customerId, (Money?)Eur(random.Next(1, 2000) / 100m)),
                    < 40 => ("redeem", customerId, amount),
                    < 52 => ("hold", customerId, amount),
                    < 60 when myHolds.Count > 0 => ("capture", myHolds[0].HoldId, random.Next(2) == 0 ? null : Eur(0.01m)),
                    < 66 when myHolds.Count > 0 => ("release", myHolds[0].HoldId, null),
                    < 85 => ("charge", line.Id, amount),
                    _ => ("payment", line.Id, amount),
                };
                var result = await SendAsync(credit, operation, target, value, details);
                if (result.Succeeded)
                {
                    var entry = result.Value!.Entry;
                    if (result.Value.Replayed || !posted.TryAdd(entry.Id, 0))
                    {
                        unexpected.Enqueue($"{operation} {details.IdempotencyKey} did not post a new entry");
                    }

                    sent.Add(new SentPosting(operation, target, value, details, entry.Id));
                    if (operation == "hold")
                    {
                        myHolds.Add((entry.Id, entry.HeldChange));
                        openHoldAmounts[entry.Id] = entry.HeldChange;
                    }
                    else if (operation is "capture" or "release")
                    {
                        myHolds.RemoveAt(0);
                        openHoldAmounts.TryRemove(target, out _);
                    }
                }
                else if (result.HasError(CustomerErrorCodes.VersionConflict))
                {
                    Interlocked.Increment(ref exhausted);
                }
                else if (!result.Errors.All(e => ExpectedRefusals.Contains(e.Code)) || operation is "capture" or "release")
                {
                    unexpected.Enqueue($"{operation} {details.IdempotencyKey}: {result}");
                }
            }
        }

        var total = ConcurrentPostingCount;
        await Task.WhenAll(Enumerable.Range(0, Tills).Select(till =>
            Task.Run(() => TillAsync(till, total / Tills + (till < total % Tills ? 1 : 0)), Ct)));

        Assert.Empty(unexpected);
        Assert.True(exhausted <= total / 100, $"{exhausted} postings ran out of retries.");
        Assert.True(replays > 0 && reuses > 0, "The run should have exercised replays and reused keys.");

        var store = Resolve<ICreditLedgerStore>();
        var allEntries = new List<LedgerEntry>();
        var accounts = new List<LedgerAccount>();
        foreach (var customerId in customers)
        {
            accounts.AddRange(await store.ListAccountsAsync(Merchant, customerId, Ct));
        }

        foreach (var account in accounts)
        {
            var entries = await AllEntriesAsync(account.Id);
            allEntries.AddRange(entries);
            Assert.Equal(account.Balance, entries.Sum(e => e.Amount));
            Assert.Equal(account.Held, entries.Sum(e => e.HeldChange));
            var running = 0m;
            var previousSequence = 0L;
            foreach (var entry in entries)
            {
                running += entry.Amount;
                Assert.Equal(running, entry.BalanceAfter);
                Assert.True(entry.Sequence > previousSequence);
                previousSequence = entry.Sequence;
                if (account.Kind == LedgerAccountKind.StoreCredit)
                {
                    Assert.True(entry.HeldAfter >= 0m && entry.BalanceAfter >= entry.HeldAfter, $"Store credit went below its holds at {entry.Sequence}.");
                }
                else
                {
                    Assert.True(entry.BalanceAfter is >= 0m and <= ConcurrentLineLimit, $"Credit line left its limit at {entry.Sequence}.");
                }
            }
        }

        var openHolds = accounts.Where(a => a.Kind == LedgerAccountKind.StoreCredit).Sum(a => a.Held);
        Assert.Equal(openHoldAmounts.Values.Sum(), openHolds);
        Assert.Equal(allEntries.Count, allEntries.Select(e => e.IdempotencyKey).Distinct().Count());
        Assert.True(posted.Keys.All(id => allEntries.Count(e => e.Id == id) == 1));
        // Every entry is either one a till saw posted, or one of the setup postings (two issues and nothing else).
        Assert.Equal(posted.Count + customers.Length, allEntries.Count);
    }

    private Task<OperationResult<LedgerPosting>> SendAsync(CreditService credit, string operation, Guid target, Money? amount, LedgerPostingDetails details)
    {
        var merchant = Merchant;
        return operation switch
        {
            "issue" => credit.IssueStoreCreditAsync(merchant, target, amount!.Value, details, Ct),
            "redeem" => credit.RedeemStoreCreditAsync(merchant, target, amount!.Value, details, Ct),
            "hold" => credit.HoldStoreCreditAsync(merchant, target, amount!.Value, details, Ct),
            "capture" => credit.CaptureHoldAsync(merchant, target, amount, details, Ct),
            "release" => credit.ReleaseHoldAsync(merchant, target, details, Ct),
            "charge" => credit.ChargeAsync(merchant, target, amount!.Value, details, Ct),
            "payment" => credit.RecordPaymentAsync(merchant, target, amount!.Value, details, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }
}
