using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Loyalty;
using CustomerCore.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Loyalty points on the ledger, driven by ticket links: accrual, reversal, moves, redemption and statistics.</summary>
public abstract class LoyaltySpecification : CustomerCoreSpecificationTestBase
{
    private TicketLinkService Tickets => Resolve<TicketLinkService>();

    private LoyaltyService Loyalty => Resolve<LoyaltyService>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>How many random operations the statistics property test runs.</summary>
    protected virtual int RandomOperationCount => 200;

    /// <inheritdoc />
    protected override void ConfigureOptions(CustomerCoreOptions options)
    {
        base.ConfigureOptions(options);
        options.Loyalty = new LoyaltyProgram { Enabled = true, Rate = 1m, Rounding = LoyaltyRounding.Down };
    }

    private async Task<Guid> CustomerAsync(string name)
    {
        var created = await Resolve<CustomerService>().CreateAsync(Merchant, new CustomerInput { FirstName = name }, cancellationToken: Token);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer!.Id;
    }

    private async Task ReportAsync(string reference, TicketStatus status, decimal total, decimal refunded = 0m)
    {
        var result = await Tickets.ReportAsync(Merchant, new TicketReport { TicketReference = reference, Status = status, Total = total, RefundedAmount = refunded, Currency = "EUR" }, Token);
        Assert.True(result.Succeeded, result.ToString());
    }

    private async Task AttachAsync(string reference, Guid customer, bool move = false)
    {
        var result = await Tickets.AttachAsync(Merchant, reference, customer, new AttachOptions { MoveFromAnotherCustomer = move }, Token);
        Assert.True(result.Succeeded, result.ToString());
    }

    private async Task<decimal> PointsAsync(Guid customer) => (await Loyalty.GetBalanceAsync(Merchant, customer, Token)).Value;

    [Fact]
    public async Task CompletedTicket_EarnsPointsRoundedDown_WhetherAttachedBeforeOrAfter()
    {
        var before = await CustomerAsync("Before");
        var after = await CustomerAsync("After");
        var early = "L1-" + Unique();
        await ReportAsync(early, TicketStatus.Open, 42.99m);
        await AttachAsync(early, before);
        Assert.Equal(0m, await PointsAsync(before));
        await ReportAsync(early, TicketStatus.Completed, 42.99m);

        var late = "L2-" + Unique();
        await ReportAsync(late, TicketStatus.Completed, 10m);
        await AttachAsync(late, after);

        Assert.Equal(42m, await PointsAsync(before));
        Assert.Equal(10m, await PointsAsync(after));
        Assert.Equal(42m, (await Tickets.GetAsync(Merchant, early, Token)).Value!.PointsAwarded);
    }

    [Fact]
    public async Task SameReportTwice_EarnsOnce()
    {
        var customer = await CustomerAsync("Twice");
        var reference = "L-" + Unique();
        await ReportAsync(reference, TicketStatus.Open, 30m);
        await AttachAsync(reference, customer);

        await ReportAsync(reference, TicketStatus.Completed, 30m);
        await ReportAsync(reference, TicketStatus.Completed, 30m);

        Assert.Equal(30m, await PointsAsync(customer));
    }

    [Fact]
    public async Task Refunds_ReversePointsProportionally()
    {
        var customer = await CustomerAsync("Refunds");
        var reference = "L-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 100m);
        await AttachAsync(reference, customer);

        await ReportAsync(reference, TicketStatus.PartiallyRefunded, 100m, 25.5m);
        Assert.Equal(74m, await PointsAsync(customer));

        await ReportAsync(reference, TicketStatus.Refunded, 100m);
        Assert.Equal(0m, await PointsAsync(customer));
    }

    [Fact]
    public async Task DetachAndMove_TakeThePointsWithTheTicket()
    {
        var first = await CustomerAsync("First");
        var second = await CustomerAsync("Second");
        var reference = "L-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 60m);
        await AttachAsync(reference, first);

        await AttachAsync(reference, second, move: true);
        Assert.Equal(0m, await PointsAsync(first));
        Assert.Equal(60m, await PointsAsync(second));

        Assert.True((await Tickets.DetachAsync(Merchant, reference, Token)).Succeeded);
        Assert.Equal(0m, await PointsAsync(second));
    }

    [Fact]
    public async Task Redeem_IsIdempotentAndNeverOverdraws()
    {
        var customer = await CustomerAsync("Redeemer");
        var reference = "L-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 50m);
        await AttachAsync(reference, customer);
        var key = "redeem-" + Unique();

        var first = await Loyalty.RedeemAsync(Merchant, customer, 20m, new LedgerPostingDetails(key), Token);
        var replay = await Loyalty.RedeemAsync(Merchant, customer, 20m, new LedgerPostingDetails(key), Token);
        var reused = await Loyalty.RedeemAsync(Merchant, customer, 5m, new LedgerPostingDetails(key), Token);
        var tooMuch = await Loyalty.RedeemAsync(Merchant, customer, 31m, new LedgerPostingDetails("big-" + Unique()), Token);

        Assert.True(first.Succeeded, first.ToString());
        Assert.True(replay.Value!.Replayed);
        Assert.True(reused.HasError(CustomerErrorCodes.IdempotencyKeyReused));
        Assert.True(tooMuch.HasError(CustomerErrorCodes.InsufficientPoints));
        Assert.Equal(30m, await PointsAsync(customer));
        Assert.True((await Loyalty.RedeemAsync(Merchant, customer, 1.5m, new LedgerPostingDetails("half-" + Unique()), Token)).HasError(CustomerErrorCodes.InvalidValue));
    }

    [Fact]
    public async Task RefundAfterPointsWereSpent_NeverTakesTheBalanceBelowZero()
    {
        var customer = await CustomerAsync("Spender");
        var reference = "L-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 40m);
        await AttachAsync(reference, customer);
        Assert.True((await Loyalty.RedeemAsync(Merchant, customer, 30m, new LedgerPostingDetails("spend-" + Unique()), Token)).Succeeded);

        await ReportAsync(reference, TicketStatus.Refunded, 40m);

        Assert.Equal(0m, await PointsAsync(customer));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("79228162514264337593543950335")]
    public async Task PointsBeyondTheLimits_RefuseTheTicketChange_AndLeaveTicketAndLedgerUnchanged(string rate)
    {
        // A rate this high makes the points of a big ticket too many for one posting, or more than a decimal holds.
        await using var generous = BuildServices(o => o.Loyalty = new LoyaltyProgram { Enabled = true, Rate = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) });
        var tickets = generous.CreateScope().ServiceProvider.GetRequiredService<TicketLinkService>();
        var customer = await CustomerAsync("Generous");
        var reference = "G-" + Unique();
        await ReportAsync(reference, TicketStatus.Open, 999_999_999.99m);
        await AttachAsync(reference, customer);

        var completed = await tickets.ReportAsync(
            Merchant, new TicketReport { TicketReference = reference, Status = TicketStatus.Completed, Total = 999_999_999.99m, Currency = "EUR" }, Token);

        Assert.True(completed.HasError(CustomerErrorCodes.AmountTooLarge), completed.ToString());
        var ticket = (await Tickets.GetAsync(Merchant, reference, Token)).Value!;
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(0m, ticket.PointsAwarded);
        Assert.Equal(0m, await PointsAsync(customer));
    }

    [Fact]
    public async Task PercentOfSpend_AndDisabledProgramme_FollowTheMerchantSettings()
    {
        await using var percent = BuildServices(o => o.Loyalty = new LoyaltyProgram { Enabled = true, Mode = LoyaltyEarnMode.PercentOfSpend, Rate = 5m, Rounding = LoyaltyRounding.Nearest });
        await using var off = BuildServices(o => o.Loyalty = new LoyaltyProgram { Enabled = false });
        var customer = await CustomerAsync("Settings");
        var withPercent = "P-" + Unique();
        var withOff = "O-" + Unique();

        var percentTickets = percent.CreateScope().ServiceProvider.GetRequiredService<TicketLinkService>();
        await percentTickets.ReportAsync(Merchant, new TicketReport { TicketReference = withPercent, Status = TicketStatus.Completed, Total = 250m, Currency = "EUR" }, Token);
        await percentTickets.AttachAsync(Merchant, withPercent, customer, cancellationToken: Token);
        var offTickets = off.CreateScope().ServiceProvider.GetRequiredService<TicketLinkService>();
        await offTickets.ReportAsync(Merchant, new TicketReport { TicketReference = withOff, Status = TicketStatus.Completed, Total = 999m, Currency = "EUR" }, Token);
        await offTickets.AttachAsync(Merchant, withOff, customer, cancellationToken: Token);

        Assert.Equal(13m, await PointsAsync(customer));
    }

    [Fact]
    public async Task Statistics_UnderRandomOperations_EqualTheLinksAndTheLedger()
    {
        var customers = new[] { await CustomerAsync("A"), await CustomerAsync("B") };
        var model = new Dictionary<string, (Guid? Customer, TicketStatus Status, decimal Total, decimal Refunded)>();
        var random = new Random(777);
        for (var step = 0; step < RandomOperationCount; step++)
        {
            Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 120)));
            var action = model.Count == 0 ? 0 : random.Next(5);
            var reference = action == 0 ? $"R{step}-" + Unique() : model.Keys.ElementAt(random.Next(model.Count));
            var t = model.GetValueOrDefault(reference);
            switch (action)
            {
                case 0:
                    var total = random.Next(1, 300) + random.Next(100) / 100m;
                    await ReportAsync(reference, TicketStatus.Completed, total);
                    model[reference] = (null, TicketStatus.Completed, total, 0m);
                    break;
                case 1:
                    var target = customers[random.Next(customers.Length)];
                    await AttachAsync(reference, target, move: true);
                    model[reference] = t with { Customer = target };
                    break;
                case 2 when t.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded && t.Total - t.Refunded > 2:
                    var refunded = t.Refunded + 1;
                    await ReportAsync(reference, TicketStatus.PartiallyRefunded, t.Total, refunded);
                    model[reference] = t with { Status = TicketStatus.PartiallyRefunded, Refunded = refunded };
                    break;
                case 3 when t.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded:
                    await ReportAsync(reference, TicketStatus.Refunded, t.Total);
                    model[reference] = t with { Status = TicketStatus.Refunded, Refunded = t.Total };
                    break;
                case 4:
                    Assert.True((await Tickets.DetachAsync(Merchant, reference, Token)).Succeeded);
                    model[reference] = t with { Customer = null };
                    break;
            }

            if (step % 20 == 0 || step == RandomOperationCount - 1)
            {
                foreach (var customer in customers)
                {
                    var visits = model.Values.Where(v => v.Customer == customer && v.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded).ToList();
                    var stats = (await Tickets.GetStatisticsAsync(Merchant, customer, Token)).Value!;
                    Assert.Equal(visits.Count, stats.VisitCount);
                    Assert.Equal(visits.Sum(v => v.Total - v.Refunded), stats.TotalSpent.GetValueOrDefault("EUR"));
                    Assert.Equal(visits.Sum(v => Math.Floor(v.Total - v.Refunded)), stats.PointsBalance);
                }
            }
        }
    }
}
