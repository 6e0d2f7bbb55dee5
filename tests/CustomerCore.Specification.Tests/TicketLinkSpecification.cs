using CustomerCore.Customers;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="ITicketLinkStore"/>, driven through <see cref="TicketLinkService"/>.</summary>
public abstract partial class TicketLinkSpecification : CustomerCoreSpecificationTestBase
{
    private TicketLinkService Tickets => Resolve<TicketLinkService>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>How many random operations the statistics property test runs; stores on slow databases may lower it.</summary>
    protected virtual int RandomOperationCount => 300;

    private async Task<Guid> NewCustomerAsync(string name)
    {
        var created = await Resolve<CustomerService>().CreateAsync(Merchant, new CustomerInput { FirstName = name }, cancellationToken: Token);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Customer!.Id;
    }

    private async Task<TicketLink> ReportAsync(
        string reference, TicketStatus status, decimal total, decimal refunded = 0, DateTimeOffset? completedAt = null, TicketLineReport[]? lines = null)
    {
        var result = await Tickets.ReportAsync(Merchant, new TicketReport
        {
            TicketReference = reference,
            LocationId = "till-1",
            Status = status,
            Total = total,
            Currency = "EUR",
            RefundedAmount = refunded,
            LineCount = lines is null ? 2 : 0,
            CompletedAt = completedAt,
            Lines = lines,
        }, Token);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<TicketAggregate> VisitsAsync(Guid customerId) => (await Tickets.GetVisitsAsync(Merchant, customerId, Token)).Value!;

    [Fact]
    public async Task ReportAsync_NewTicket_IsRecordedWithItsState()
    {
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 42.50m);

        var link = (await Tickets.GetAsync(Merchant, reference, Token)).Value!;

        Assert.Equal(TicketStatus.Completed, link.Status);
        Assert.Equal(42.50m, link.Total);
        Assert.Equal("EUR", link.Currency);
        Assert.Equal("till-1", link.LocationId);
        Assert.Equal(2, link.LineCount);
        Assert.Equal(Clock.GetUtcNow(), link.CompletedAt);
        Assert.Null(link.CustomerId);
    }

    [Fact]
    public async Task ReportAsync_SameStateTwice_ChangesNothing()
    {
        var reference = "T-" + Unique();
        var first = await ReportAsync(reference, TicketStatus.Completed, 10m);
        Clock.Advance(TimeSpan.FromMinutes(1));

        var second = await ReportAsync(reference, TicketStatus.Completed, 10m);

        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.UpdatedAt, (await Tickets.GetAsync(Merchant, reference, Token)).Value!.UpdatedAt);
    }

    [Theory]
    [InlineData(TicketStatus.Completed, 0, TicketStatus.Open, 0)]
    [InlineData(TicketStatus.Refunded, 10, TicketStatus.Completed, 0)]
    [InlineData(TicketStatus.PartiallyRefunded, 6, TicketStatus.PartiallyRefunded, 4)]
    [InlineData(TicketStatus.Voided, 0, TicketStatus.Completed, 0)]
    public async Task ReportAsync_BackwardsState_IsRefused(TicketStatus first, int firstRefund, TicketStatus then, int thenRefund)
    {
        var reference = "T-" + Unique();
        await ReportAsync(reference, first, 10m, firstRefund);

        var result = await Tickets.ReportAsync(Merchant, new TicketReport { TicketReference = reference, Status = then, Total = 10m, RefundedAmount = thenRefund, Currency = "EUR" }, Token);

        Assert.True(result.HasError(CustomerErrorCodes.InvalidTicketTransition), result.ToString());
        Assert.Equal(first, (await Tickets.GetAsync(Merchant, reference, Token)).Value!.Status);
    }

    [Theory]
    [InlineData("-1", "0", "EUR", CustomerErrorCodes.InvalidValue)]
    [InlineData("10", "11", "EUR", CustomerErrorCodes.InvalidValue)]
    [InlineData("10", "0", "EURO", CustomerErrorCodes.InvalidCurrency)]
    [InlineData("10", "0", "XYZ", CustomerErrorCodes.InvalidCurrency)]
    [InlineData("10", "0", "usd1", CustomerErrorCodes.InvalidCurrency)]
    [InlineData("10.005", "0", "EUR", CustomerErrorCodes.TooManyDecimals)]
    [InlineData("10.5", "0", "JPY", CustomerErrorCodes.TooManyDecimals)]
    [InlineData("10", "0.001", "EUR", CustomerErrorCodes.TooManyDecimals)]
    [InlineData("1000000000.01", "0", "EUR", CustomerErrorCodes.AmountTooLarge)]
    [InlineData("79228162514264337593543950335", "0", "EUR", CustomerErrorCodes.AmountTooLarge)]
    public async Task ReportAsync_BadValues_AreRefusedAndNothingIsStored(string total, string refunded, string currency, string expectedCode)
    {
        var reference = "T-" + Unique();
        var result = await Tickets.ReportAsync(Merchant, new TicketReport
        {
            TicketReference = reference,
            Status = TicketStatus.PartiallyRefunded,
            Total = decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture),
            RefundedAmount = decimal.Parse(refunded, System.Globalization.CultureInfo.InvariantCulture),
            Currency = currency,
        }, Token);

        Assert.Contains(result.Errors, e => e.Code == expectedCode);
        Assert.True((await Tickets.GetAsync(Merchant, reference, Token)).HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task ReportAsync_LowerCaseCurrencyAndLargestTotal_AreStoredNormalized()
    {
        var reference = "T-" + Unique();

        var result = await Tickets.ReportAsync(Merchant, new TicketReport { TicketReference = reference, Status = TicketStatus.Completed, Total = 1_000_000_000m, Currency = "usd" }, Token);
        var stored = (await Tickets.GetAsync(Merchant, reference, Token)).Value!;

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("USD", stored.Currency);
        Assert.Equal(1_000_000_000m, stored.Total);
    }

    [Fact]
    public async Task Attach_BeforePayment_CountsTheVisitOnceCompleted()
    {
        var customer = await NewCustomerAsync("Early");
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Open, 20m);

        Assert.True((await Tickets.AttachAsync(Merchant, reference, customer, cancellationToken: Token)).Succeeded);
        Assert.Equal(0, (await VisitsAsync(customer)).VisitCount);

        await ReportAsync(reference, TicketStatus.Completed, 20m);
        var visits = await VisitsAsync(customer);

        Assert.Equal(1, visits.VisitCount);
        Assert.Equal(20m, visits.SpentByCurrency["EUR"]);
        Assert.Equal(Clock.GetUtcNow(), visits.FirstVisit);
    }

    [Fact]
    public async Task Attach_AfterSale_WorksInsideTheWindowAndFailsAfterIt()
    {
        var customer = await NewCustomerAsync("Late");
        var recent = "T-" + Unique();
        var old = "T-" + Unique();
        await ReportAsync(old, TicketStatus.Completed, 5m);
        Clock.Advance(TimeSpan.FromDays(31));
        await ReportAsync(recent, TicketStatus.Completed, 7m);
        Clock.Advance(TimeSpan.FromDays(29));

        var inside = await Tickets.AttachAsync(Merchant, recent, customer, cancellationToken: Token);
        var outside = await Tickets.AttachAsync(Merchant, old, customer, cancellationToken: Token);

        Assert.True(inside.Succeeded, inside.ToString());
        Assert.True(outside.HasError(CustomerErrorCodes.AttachWindowExpired));
        Assert.Equal(1, (await VisitsAsync(customer)).VisitCount);
    }

    [Fact]
    public async Task Attach_ToSecondCustomer_FailsUnlessMovedAndMoveTakesTheHistory()
    {
        var first = await NewCustomerAsync("First");
        var second = await NewCustomerAsync("Second");
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 30m);
        await Tickets.AttachAsync(Merchant, reference, first, cancellationToken: Token);

        var refused = await Tickets.AttachAsync(Merchant, reference, second, cancellationToken: Token);
        Assert.True(refused.HasError(CustomerErrorCodes.TicketAlreadyAttached));

        var moved = await Tickets.AttachAsync(Merchant, reference, second, new AttachOptions { MoveFromAnotherCustomer = true }, Token);
        Assert.True(moved.Succeeded);
        Assert.Equal(0, (await VisitsAsync(first)).VisitCount);
        Assert.Equal(1, (await VisitsAsync(second)).VisitCount);
        Assert.Empty((await Tickets.GetPurchaseHistoryAsync(Merchant, first, cancellationToken: Token)).Value!.Items);
    }

    [Fact]
    public async Task Detach_RemovesTheTicketFromTheProfile()
    {
        var customer = await NewCustomerAsync("Detached");
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 12m);
        await Tickets.AttachAsync(Merchant, reference, customer, cancellationToken: Token);

        var detached = await Tickets.DetachAsync(Merchant, reference, Token);

        Assert.True(detached.Succeeded);
        Assert.Null(detached.Value!.CustomerId);
        Assert.Equal(0, (await VisitsAsync(customer)).VisitCount);
    }

    [Fact]
    public async Task Refunds_ReduceSpendAndAFullRefundRemovesTheVisit()
    {
        var customer = await NewCustomerAsync("Refunder");
        var kept = "T-" + Unique();
        var returned = "T-" + Unique();
        await ReportAsync(kept, TicketStatus.Completed, 100m);
        await ReportAsync(returned, TicketStatus.Completed, 40m);
        await Tickets.AttachAsync(Merchant, kept, customer, cancellationToken: Token);
        await Tickets.AttachAsync(Merchant, returned, customer, cancellationToken: Token);

        await ReportAsync(kept, TicketStatus.PartiallyRefunded, 100m, 25m);
        await ReportAsync(returned, TicketStatus.Refunded, 40m);
        var visits = await VisitsAsync(customer);

        Assert.Equal(1, visits.VisitCount);
        Assert.Equal(75m, visits.SpentByCurrency["EUR"]);
    }

    [Fact]
    public async Task PurchaseHistory_PagesNewestFirstWithAStableCursor()
    {
        var customer = await NewCustomerAsync("Regular");
        var references = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromHours(1));
            var reference = $"T-{i}-" + Unique();
            references.Add(reference);
            await ReportAsync(reference, TicketStatus.Completed, 1m + i);
            await Tickets.AttachAsync(Merchant, reference, customer, cancellationToken: Token);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await Tickets.GetPurchaseHistoryAsync(Merchant, customer, cursor, 2, Token)).Value!;
            seen.AddRange(page.Items.Select(t => t.TicketReference));
            cursor = page.NextCursor;

            // A ticket recorded while paging must not shift later pages.
            await ReportAsync("T-late-" + Unique(), TicketStatus.Completed, 1m);
        }
        while (cursor is not null);

        references.Reverse();
        Assert.Equal(references, seen);
        Assert.True((await Tickets.GetPurchaseHistoryAsync(Merchant, customer, "not-a-cursor", 2, Token)).HasError(CustomerErrorCodes.InvalidValue));
    }

    [Fact]
    public async Task Tickets_AreInvisibleToOtherMerchants()
    {
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Completed, 10m);

        var other = await Tickets.GetAsync(new MerchantId("other-" + Unique()), reference, Token);

        Assert.True(other.HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task Attach_UnknownCustomerOrTicket_ReturnsNotFound()
    {
        var customer = await NewCustomerAsync("Known");
        var reference = "T-" + Unique();
        await ReportAsync(reference, TicketStatus.Open, 1m);

        Assert.True((await Tickets.AttachAsync(Merchant, reference, Guid.CreateVersion7(), cancellationToken: Token)).HasError(CustomerErrorCodes.NotFound));
        Assert.True((await Tickets.AttachAsync(Merchant, "missing-" + Unique(), customer, cancellationToken: Token)).HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task Statistics_UnderRandomOperations_AlwaysMatchTheLinks()
    {
        var customers = new[] { await NewCustomerAsync("A"), await NewCustomerAsync("B"), await NewCustomerAsync("C") };
        var model = new Dictionary<string, (Guid? Customer, TicketStatus Status, decimal Total, decimal Refunded, DateTimeOffset? Paid, TicketLineReport[] Lines)>();
        var random = new Random(4242);
        string[] skus = ["BREAD", "MILK", "CHEESE", "APPLES", "SOAP"];
        decimal[] quantities = [1m, 2m, 0.5m, 1.25m, 0.125m];

        for (var step = 0; step < RandomOperationCount; step++)
        {
            Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 600)));
            var action = model.Count == 0 ? 0 : random.Next(6);
            var reference = model.Count == 0 || action == 0 ? $"R{step}-" + Unique() : model.Keys.ElementAt(random.Next(model.Count));
            var current = model.GetValueOrDefault(reference);
            switch (action)
            {
                case 0:
                    var lines = Enumerable.Range(0, random.Next(1, 4))
                        .Select(_ => skus[random.Next(skus.Length)])
                        .Select(sku => new TicketLineReport { Sku = sku, Description = "The " + sku, Quantity = quantities[random.Next(quantities.Length)], UnitPrice = random.Next(1, 80) })
                        .ToArray();
                    var total = lines.Sum(l => Math.Round(l.Quantity * l.UnitPrice, 2, MidpointRounding.AwayFromZero));
                    var status = random.Next(2) == 0 ? TicketStatus.Open : TicketStatus.Completed;
                    await ReportAsync(reference, status, total, 0m, lines: lines);
                    model[reference] = (null, status, total, 0m, status == TicketStatus.Completed ? Clock.GetUtcNow() : null, lines);
                    break;
                case 1 when current.Status == TicketStatus.Open:
                    await ReportAsync(reference, TicketStatus.Completed, current.Total, 0m, lines: current.Lines);
                    model[reference] = current with { Status = TicketStatus.Completed, Paid = Clock.GetUtcNow() };
                    break;
                case 2 when current.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded && current.Total - current.Refunded > 1:
                    // A refund names a line and the quantity coming back (or, now and then, only money).
                    var refund = current.Refunded + 1;
                    var returned = current.Lines.ToArray();
                    var which = random.Next(returned.Length + 1);
                    if (which < returned.Length && returned[which].ReturnedQuantity < returned[which].Quantity)
                    {
                        returned[which] = returned[which] with { ReturnedQuantity = Math.Min(returned[which].Quantity, returned[which].ReturnedQuantity + 0.25m) };
                    }

                    await ReportAsync(reference, TicketStatus.PartiallyRefunded, current.Total, refund, lines: returned);
                    model[reference] = current with { Status = TicketStatus.PartiallyRefunded, Refunded = refund, Lines = returned };
                    break;
                case 3 when current.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded:
                    // The whole ticket comes back; the till does not repeat its lines.
                    await ReportAsync(reference, TicketStatus.Refunded, current.Total, 0m, lines: []);
                    model[reference] = current with { Status = TicketStatus.Refunded, Refunded = current.Total };
                    break;
                case 4:
                    var target = customers[random.Next(customers.Length)];
                    var attached = await Tickets.AttachAsync(Merchant, reference, target, new AttachOptions { MoveFromAnotherCustomer = true }, Token);
                    var expired = current.Paid is { } paid && Clock.GetUtcNow() - paid > TimeSpan.FromDays(30);
                    Assert.Equal(!expired, attached.Succeeded);
                    if (attached.Succeeded)
                    {
                        model[reference] = current with { Customer = target };
                    }

                    break;
                case 5:
                    await Tickets.DetachAsync(Merchant, reference, Token);
                    model[reference] = current with { Customer = null };
                    break;
            }

            if (step % 25 == 0 || step == RandomOperationCount - 1)
            {
                foreach (var customer in customers)
                {
                    var expected = model.Values.Where(t => t.Customer == customer && t.Status is TicketStatus.Completed or TicketStatus.PartiallyRefunded).ToList();
                    var actual = await VisitsAsync(customer);
                    Assert.Equal(expected.Count, actual.VisitCount);
                    Assert.Equal(expected.Sum(t => t.Total - t.Refunded), actual.SpentByCurrency.GetValueOrDefault("EUR"));
                    Assert.Equal(expected.Count == 0 ? null : expected.Min(t => t.Paid), actual.FirstVisit);
                    Assert.Equal(expected.Count == 0 ? null : expected.Max(t => t.Paid), actual.LastVisit);

                    // What the customer bought: all time from the maintained totals, and over a window from the lines.
                    var since = Clock.GetUtcNow() - TimeSpan.FromDays(2);
                    Assert.Equal(ExpectedItems(expected, null), Describe(await ItemsAsync(customer)));
                    Assert.Equal(ExpectedItems(expected, since), Describe(await ItemsAsync(customer, since)));
                }
            }
        }

        static string ExpectedItems(IEnumerable<(Guid? Customer, TicketStatus Status, decimal Total, decimal Refunded, DateTimeOffset? Paid, TicketLineReport[] Lines)> visits, DateTimeOffset? since) =>
            Describe(visits
                .Where(t => since is null || t.Paid >= since)
                .SelectMany(t => t.Lines.Where(l => l.ReturnedQuantity < l.Quantity).Select(l => (Ticket: t, Line: l)))
                .GroupBy(x => x.Line.Sku)
                .Select(item =>
                {
                    var spent = item.Sum(x =>
                    {
                        var lineTotal = Math.Round(x.Line.Quantity * x.Line.UnitPrice, 2, MidpointRounding.AwayFromZero);
                        return lineTotal - Math.Round(lineTotal * x.Line.ReturnedQuantity / x.Line.Quantity, 2, MidpointRounding.AwayFromZero);
                    });
                    return new PurchasedItem(
                        item.Key, "The " + item.Key, null, item.Select(x => x.Ticket.Paid).Distinct().Count(), item.Sum(x => x.Line.Quantity - x.Line.ReturnedQuantity),
                        new Dictionary<string, decimal> { ["EUR"] = spent }, item.Max(x => x.Ticket.Paid!.Value));
                })
                .OrderByDescending(i => i.TimesBought)
                .ThenByDescending(i => i.Quantity)
                .ThenByDescending(i => i.LastBought)
                .ThenBy(i => i.Sku, StringComparer.Ordinal));
    }
}
