using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

public abstract partial class TicketLinkSpecification
{
    private static TicketLineReport Line(string sku, decimal quantity, decimal unitPrice, decimal returned = 0m, string? category = null) =>
        new() { Sku = sku, Description = "Item " + sku, Category = category, Quantity = quantity, UnitPrice = unitPrice, ReturnedQuantity = returned };

    private async Task<OperationResult<TicketLink>> ReportLinesAsync(string reference, TicketStatus status, decimal total, decimal refunded, params TicketLineReport[] lines) =>
        await Tickets.ReportAsync(Merchant, new TicketReport
        {
            TicketReference = reference,
            Status = status,
            Total = total,
            RefundedAmount = refunded,
            Currency = "EUR",
            Lines = lines,
        }, Token);

    private async Task<IReadOnlyList<PurchasedItem>> ItemsAsync(Guid customerId, DateTimeOffset? since = null, PurchaseRanking rankBy = PurchaseRanking.TimesBought)
    {
        var result = await Tickets.GetFrequentItemsAsync(Merchant, customerId, new PurchaseProfileQuery { Take = 100, Since = since, RankBy = rankBy }, Token);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<string> PaidTicketForAsync(Guid customerId, params TicketLineReport[] lines)
    {
        var reference = "L-" + Unique();
        var total = lines.Sum(l => Math.Round(l.Quantity * l.UnitPrice, 2, MidpointRounding.AwayFromZero));
        Assert.True((await ReportLinesAsync(reference, TicketStatus.Completed, total, 0m, lines)).Succeeded);
        Assert.True((await Tickets.AttachAsync(Merchant, reference, customerId, cancellationToken: Token)).Succeeded);
        return reference;
    }

    private static string Describe(IEnumerable<PurchasedItem> items) =>
        string.Join(" | ", items.Select(i => $"{i.Sku} {i.Description} x{i.TimesBought} q{i.Quantity:0.###} {i.Spent.GetValueOrDefault("EUR"):0.00} {i.LastBought:O}"));

    [Fact]
    public async Task ReportAsync_WithLines_StoresThemWithResolvedTotalsAndCount()
    {
        var reference = "L-" + Unique();
        var result = await ReportLinesAsync(reference, TicketStatus.Completed, 7.35m, 0m,
            Line("APPLE", 1.235m, 2.99m, category: "Fruit"), Line("BREAD", 1m, 3.66m) with { LineTotal = 3.66m });
        Assert.True(result.Succeeded, result.ToString());

        var stored = (await Tickets.GetAsync(Merchant, reference, Token)).Value!;
        Assert.Equal(2, stored.LineCount);
        Assert.Collection(stored.Lines,
            apple =>
            {
                Assert.Equal((1, "APPLE", "Item APPLE", "Fruit", 1.235m, 2.99m), (apple.LineNumber, apple.Sku, apple.Description, apple.Category, apple.Quantity, apple.UnitPrice));
                Assert.Equal(3.69m, apple.LineTotal);
            },
            bread => Assert.Equal((2, "BREAD", 3.66m), (bread.LineNumber, bread.Sku, bread.LineTotal)));

        // The same report again changes nothing; a status-only report keeps the lines.
        Assert.Equal(stored.Version, (await ReportLinesAsync(reference, TicketStatus.Completed, 7.35m, 0m,
            Line("APPLE", 1.235m, 2.99m, category: "Fruit"), Line("BREAD", 1m, 3.66m) with { LineTotal = 3.66m })).Value!.Version);
        var refunded = await ReportLinesAsync(reference, TicketStatus.PartiallyRefunded, 7.35m, 3.66m);
        Assert.Equal(2, refunded.Value!.Lines.Count);
        Assert.Equal(2, (await Tickets.GetAsync(Merchant, reference, Token)).Value!.Lines.Count);
    }

    [Theory]
    [InlineData("", "Bread", "1", "Lines[1].Sku", CustomerErrorCodes.Required)]
    [InlineData("SKU", "card 4111 1111 1111 1111", "1", "Lines[1].Description", CustomerErrorCodes.CardNumberDetected)]
    [InlineData("SKU", "Bread\u0007", "1", "Lines[1].Description", CustomerErrorCodes.ControlCharacter)]
    [InlineData("SKU", "Bread", "0", "Lines[1].Quantity", CustomerErrorCodes.InvalidValue)]
    [InlineData("SKU", "Bread", "1.0005", "Lines[1].Quantity", CustomerErrorCodes.InvalidValue)]
    [InlineData("SKU", "Bread", "-2", "Lines[1].Quantity", CustomerErrorCodes.InvalidValue)]
    public async Task ReportAsync_BadLine_IsRefusedAndNothingIsStored(string sku, string description, string quantity, string field, string code)
    {
        var reference = "L-" + Unique();
        var result = await ReportLinesAsync(reference, TicketStatus.Completed, 5m, 0m,
            new TicketLineReport { Sku = sku, Description = description, Quantity = decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), UnitPrice = 1m });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == code && e.Field == field);
        Assert.True((await Tickets.GetAsync(Merchant, reference, Token)).HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task ReportAsync_TooManyOrTooLongLines_AreRefused()
    {
        var tooMany = Enumerable.Range(0, TicketLinkService.MaxLinesPerTicket + 1).Select(i => Line("S" + i, 1m, 1m)).ToArray();
        Assert.True((await ReportLinesAsync("L-" + Unique(), TicketStatus.Open, 1m, 0m, tooMany)).HasError(CustomerErrorCodes.InvalidValue));
        var longDescription = Line("SKU", 1m, 1m) with { Description = new string('d', TicketLinkService.LineDescriptionMaxLength + 1) };
        Assert.True((await ReportLinesAsync("L-" + Unique(), TicketStatus.Open, 1m, 0m, longDescription)).HasError(CustomerErrorCodes.TooLong));
        var priceTooPrecise = Line("SKU", 1m, 1.001m);
        Assert.True((await ReportLinesAsync("L-" + Unique(), TicketStatus.Open, 1m, 0m, priceTooPrecise)).HasError(CustomerErrorCodes.TooManyDecimals));
    }

    [Fact]
    public async Task LineReturns_ReturningMoreThanBoughtOrTakingAReturnBack_IsRefused()
    {
        var customer = await NewCustomerAsync("Returns");
        var reference = await PaidTicketForAsync(customer, Line("MILK", 2m, 1.50m), Line("EGGS", 1m, 3m));

        var tooMany = await ReportLinesAsync(reference, TicketStatus.PartiallyRefunded, 6m, 1.5m, Line("MILK", 2m, 1.50m, returned: 3m), Line("EGGS", 1m, 3m));
        var error = Assert.Single(tooMany.Errors, e => e.Code == CustomerErrorCodes.ReturnExceedsQuantity);
        Assert.Equal("Lines[1].ReturnedQuantity", error.Field);
        Assert.Contains("3", error.Description, StringComparison.Ordinal);

        var notRefunded = await ReportLinesAsync(reference, TicketStatus.Completed, 6m, 0m, Line("MILK", 2m, 1.50m, returned: 1m), Line("EGGS", 1m, 3m));
        Assert.True(notRefunded.HasError(CustomerErrorCodes.InvalidValue));

        Assert.True((await ReportLinesAsync(reference, TicketStatus.PartiallyRefunded, 6m, 1.5m, Line("MILK", 2m, 1.50m, returned: 1m), Line("EGGS", 1m, 3m))).Succeeded);
        var takenBack = await ReportLinesAsync(reference, TicketStatus.PartiallyRefunded, 6m, 1.5m, Line("MILK", 2m, 1.50m), Line("EGGS", 1m, 3m));
        Assert.True(takenBack.HasError(CustomerErrorCodes.InvalidTicketTransition));
        var changedSale = await ReportLinesAsync(reference, TicketStatus.PartiallyRefunded, 6m, 1.5m, Line("MILK", 3m, 1.50m, returned: 1m), Line("EGGS", 1m, 3m));
        Assert.True(changedSale.HasError(CustomerErrorCodes.InvalidTicketTransition));

        var milk = Assert.Single(await ItemsAsync(customer), i => i.Sku == "MILK");
        Assert.Equal((1, 1m, 1.50m), (milk.TimesBought, milk.Quantity, milk.Spent["EUR"]));
    }

    [Fact]
    public async Task FrequentItems_RankByTimesOrQuantity_SubtractReturnsAndWholeRefunds()
    {
        var customer = await NewCustomerAsync("Shopper");
        await PaidTicketForAsync(customer, Line("COFFEE", 1m, 2.50m, category: "Drinks"), Line("CHEESE", 0.350m, 18m, category: "Deli"));
        Clock.Advance(TimeSpan.FromDays(1));
        await PaidTicketForAsync(customer, Line("COFFEE", 1m, 2.50m, category: "Drinks"), Line("COFFEE", 1m, 2.50m, category: "Drinks"));
        Clock.Advance(TimeSpan.FromDays(1));
        var last = await PaidTicketForAsync(customer, Line("WATER", 6m, 0.40m, category: "Drinks"), Line("CHEESE", 0.200m, 18m, category: "Deli"));
        Clock.Advance(TimeSpan.FromDays(1));
        var refunded = await PaidTicketForAsync(customer, Line("WATER", 12m, 0.40m, category: "Drinks"));
        Assert.True((await ReportLinesAsync(refunded, TicketStatus.Refunded, 4.80m, 0m)).Succeeded);

        var byTimes = await ItemsAsync(customer);
        Assert.Equal(["COFFEE", "CHEESE", "WATER"], byTimes.Select(i => i.Sku));
        var coffee = byTimes[0];
        Assert.Equal((2, 3m, 7.50m, "Item COFFEE", "Drinks"), (coffee.TimesBought, coffee.Quantity, coffee.Spent["EUR"], coffee.Description, coffee.Category));
        Assert.Equal(Clock.GetUtcNow() - TimeSpan.FromDays(2), coffee.LastBought);
        Assert.Equal((2, 0.550m, 9.90m), (byTimes[1].TimesBought, byTimes[1].Quantity, byTimes[1].Spent["EUR"]));
        Assert.Equal(Clock.GetUtcNow() - TimeSpan.FromDays(1), byTimes[1].LastBought);

        Assert.Equal(["WATER", "COFFEE", "CHEESE"], (await ItemsAsync(customer, rankBy: PurchaseRanking.Quantity)).Select(i => i.Sku));
        Assert.Equal(["WATER", "CHEESE"], (await ItemsAsync(customer, since: Clock.GetUtcNow() - TimeSpan.FromDays(1))).Select(i => i.Sku));

        // Returning half of the cheese on the last ticket takes half its price and quantity off.
        Assert.True((await ReportLinesAsync(last, TicketStatus.PartiallyRefunded, 6m, 1.80m, Line("WATER", 6m, 0.40m, category: "Drinks"), Line("CHEESE", 0.200m, 18m, returned: 0.1m, category: "Deli"))).Succeeded);
        var cheese = Assert.Single(await ItemsAsync(customer), i => i.Sku == "CHEESE");
        Assert.Equal((2, 0.450m, 8.10m), (cheese.TimesBought, cheese.Quantity, cheese.Spent["EUR"]));

        var categories = (await Tickets.GetTopCategoriesAsync(Merchant, customer, cancellationToken: Token)).Value!;
        Assert.Equal(["Drinks", "Deli"], categories.Select(c => c.Category));
        Assert.Equal((3, 9m), (categories[0].TimesBought, categories[0].Quantity));

        Assert.True((await Tickets.GetFrequentItemsAsync(Merchant, customer, new PurchaseProfileQuery { Take = 0 }, Token)).HasError(CustomerErrorCodes.InvalidValue));
        Assert.Single((await Tickets.GetFrequentItemsAsync(Merchant, customer, new PurchaseProfileQuery { Take = 1 }, Token)).Value!);
    }

    [Fact]
    public async Task FrequentItems_ShortListIsTheHeadOfTheFullRanking_WithTiesAndCurrenciesSummed()
    {
        // Stores narrow a short list to the items that can make it; ties at the cut and an item bought in two currencies
        // (whose figure only leads when its currencies are added up) must still rank as in the full list.
        var customer = await NewCustomerAsync("Short list");
        for (var visit = 1; visit <= 3; visit++)
        {
            await PaidTicketForAsync(customer, Line("ALPHA", 1m, 1m), Line("CHARLIE", 2m, 1m), Line("DELTA", 1m, 1m));
        }

        await PaidTicketForAsync(customer, Line("BRAVO", 1m, 1m));
        await PaidTicketForAsync(customer, Line("BRAVO", 1m, 1m));
        for (var visit = 1; visit <= 2; visit++)
        {
            var reference = "L-" + Unique();
            Assert.True((await Tickets.ReportAsync(Merchant, new TicketReport
            {
                TicketReference = reference, Status = TicketStatus.Completed, Total = 1m, Currency = "USD", Lines = [Line("BRAVO", 1m, 1m)],
            }, Token)).Succeeded);
            Assert.True((await Tickets.AttachAsync(Merchant, reference, customer, cancellationToken: Token)).Succeeded);
        }

        await PaidTicketForAsync(customer, Line("ECHO", 10m, 1m));

        string[] byTimes = ["BRAVO", "CHARLIE", "ALPHA", "DELTA", "ECHO"];
        string[] byQuantity = ["ECHO", "CHARLIE", "BRAVO", "ALPHA", "DELTA"];
        foreach (var (rankBy, expected) in new[] { (PurchaseRanking.TimesBought, byTimes), (PurchaseRanking.Quantity, byQuantity) })
        {
            var full = await ItemsAsync(customer, rankBy: rankBy);
            Assert.Equal(expected, full.Select(i => i.Sku));
            for (var take = 1; take <= expected.Length; take++)
            {
                var shortList = await Tickets.GetFrequentItemsAsync(Merchant, customer, new PurchaseProfileQuery { Take = take, RankBy = rankBy }, Token);
                Assert.Equal(Describe(full.Take(take)), Describe(shortList.Value!));
            }
        }

        var bravo = (await ItemsAsync(customer)).Single(i => i.Sku == "BRAVO");
        Assert.Equal((4, 2m, 2m), (bravo.TimesBought, bravo.Spent["EUR"], bravo.Spent["USD"]));
    }

    [Fact]
    public async Task FrequentItems_FollowTheTicketThroughMoveDetachMergeAndMergeUndo()
    {
        var keep = await NewCustomerAsync("Keep");
        var remove = await NewCustomerAsync("Remove");
        await PaidTicketForAsync(keep, Line("TEA", 1m, 2m));
        Clock.Advance(TimeSpan.FromHours(1));
        var removedTicket = await PaidTicketForAsync(remove, Line("TEA", 2m, 2m), Line("SCONE", 1m, 1.5m));
        var before = Describe(await ItemsAsync(keep));

        Assert.True((await Tickets.AttachAsync(Merchant, removedTicket, keep, new AttachOptions { MoveFromAnotherCustomer = true }, Token)).Succeeded);
        Assert.Empty(await ItemsAsync(remove));
        Assert.Equal((2, 3m), (await ItemsAsync(keep))[0] is var moved ? (moved.TimesBought, moved.Quantity) : default);
        Assert.True((await Tickets.AttachAsync(Merchant, removedTicket, remove, new AttachOptions { MoveFromAnotherCustomer = true }, Token)).Succeeded);
        Assert.Equal(before, Describe(await ItemsAsync(keep)));

        var customers = Resolve<CustomerService>();
        var keptCustomer = (await customers.GetAsync(Merchant, keep, Token)).Value!;
        var removedCustomer = (await customers.GetAsync(Merchant, remove, Token)).Value!;
        var removedBefore = Describe(await ItemsAsync(remove));
        var merge = await customers.MergeAsync(Merchant, new MergeRequest
        {
            KeepId = keep,
            KeepVersion = keptCustomer.Version,
            RemoveId = remove,
            RemoveVersion = removedCustomer.Version,
        }, Token);
        Assert.True(merge.Succeeded, merge.ToString());
        var merged = await ItemsAsync(keep);
        Assert.Equal(["TEA", "SCONE"], merged.Select(i => i.Sku));
        Assert.Equal((2, 3m, 6m, Clock.GetUtcNow()), (merged[0].TimesBought, merged[0].Quantity, merged[0].Spent["EUR"], merged[0].LastBought));

        Assert.True((await customers.UndoMergeAsync(Merchant, merge.Value!.Id, Token)).Succeeded);
        Assert.Equal(before, Describe(await ItemsAsync(keep)));
        Assert.Equal(removedBefore, Describe(await ItemsAsync(remove)));

        Assert.True((await Tickets.DetachAsync(Merchant, removedTicket, Token)).Succeeded);
        Assert.Empty(await ItemsAsync(remove));
    }

    [Fact]
    public async Task FrequentItems_LastBoughtFollowsAMoveWhenTimesHaveSubMicrosecondTicks()
    {
        var first = await NewCustomerAsync("First");
        var second = await NewCustomerAsync("Second");
        Clock.Advance(TimeSpan.FromTicks(1_234_567));
        await PaidTicketForAsync(first, Line("JAM", 1m, 3m));
        var earlier = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromTicks(7_654_321));

        // Attached before payment: the ticket is paid inside an update, with the clock's full precision.
        var latest = "L-" + Unique();
        Assert.True((await ReportLinesAsync(latest, TicketStatus.Open, 3m, 0m, Line("JAM", 1m, 3m))).Succeeded);
        Assert.True((await Tickets.AttachAsync(Merchant, latest, first, cancellationToken: Token)).Succeeded);
        Assert.True((await ReportLinesAsync(latest, TicketStatus.Completed, 3m, 0m, Line("JAM", 1m, 3m))).Succeeded);
        Assert.Equal(2, Assert.Single(await ItemsAsync(first)).TimesBought);

        // The latest purchase leaves: the item's last purchase is the earlier ticket again, to the microsecond.
        Assert.True((await Tickets.AttachAsync(Merchant, latest, second, new AttachOptions { MoveFromAnotherCustomer = true }, Token)).Succeeded);
        var jam = Assert.Single(await ItemsAsync(first));
        Assert.Equal(1, jam.TimesBought);
        Assert.Equal(earlier.UtcTicks / 10, jam.LastBought.UtcTicks / 10);
        Assert.Equal(jam.LastBought, Assert.Single(await ItemsAsync(first, since: earlier.AddDays(-1))).LastBought);
    }

    [Fact]
    public async Task Erasure_KeepsTheLinesOnTheTicket()
    {
        var customer = await NewCustomerAsync("Erased");
        var reference = await PaidTicketForAsync(customer, Line("SOAP", 1m, 4m));
        var version = (await Resolve<CustomerService>().GetAsync(Merchant, customer, Token)).Value!.Version;
        Assert.True((await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer, version, Token)).Succeeded);
        var ticket = (await Tickets.GetAsync(Merchant, reference, Token)).Value!;
        Assert.Equal("SOAP", Assert.Single(ticket.Lines).Sku);
    }
}
