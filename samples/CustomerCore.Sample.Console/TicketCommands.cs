using System.Globalization;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Groups;
using CustomerCore.Loyalty;
using CustomerCore.Tickets;

namespace CustomerCore.Sample.Console;

/// <summary><c>tickets record|attach|detach|complete|refund</c>, <c>customers show|merge</c> and <c>loyalty redeem</c>.</summary>
internal static class TicketCommands
{
    public static async Task<int> RunAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var tickets = context.Get<TicketLinkService>();
        var verb = CliContext.Word(line, 1, "a tickets command: record, attach, detach, complete, refund");
        var reference = CliContext.Word(line, 2, "the ticket reference");
        switch (verb)
        {
            case "record":
            {
                var currency = line.Option("--currency") ?? "USD";
                var items = TicketLineArguments.Lines(line, currency);
                // With lines, the total may be left out: it is then the sum of the line totals.
                var total = items.Count > 0 && line.Option("--total") is null
                    ? new Money(items.Sum(i => Math.Round(i.Quantity * i.UnitPrice, CurrencyMinorUnits.For(currency), MidpointRounding.AwayFromZero)), currency)
                    : CliContext.Amount(line, "--total");
                var status = line.Option("--status") ?? "open";
                var lines = line.IntOption("--lines", 0, 0, 100_000);
                var report = new TicketReport
                {
                    TicketReference = reference,
                    Total = total.Amount,
                    Currency = total.Currency,
                    LineCount = lines,
                    Lines = items,
                    LocationId = line.Option("--location"),
                    Status = status switch
                    {
                        "open" => TicketStatus.Open,
                        "completed" => TicketStatus.Completed,
                        "voided" => TicketStatus.Voided,
                        _ => throw new UsageException("--status must be open, completed or voided."),
                    },
                };
                var customerText = line.Option("--customer");
                line.RejectUnknownOptions();
                var recorded = await tickets.ReportAsync(context.Merchant, report, cancellationToken);
                if (!recorded.Succeeded || customerText is null)
                {
                    return recorded.Succeeded ? Print(context, recorded.Value!, "Recorded") : context.Fail(recorded);
                }

                var customer = await context.ResolveCustomerAsync(customerText, cancellationToken);
                var attached = await tickets.AttachAsync(context.Merchant, reference, customer.Id, cancellationToken: cancellationToken);
                return attached.Succeeded ? Print(context, attached.Value!, $"Recorded for {customer.Name}") : context.Fail(attached);
            }

            case "attach":
            {
                var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 3, "the customer"), cancellationToken);
                var move = line.Switch("--move");
                line.RejectUnknownOptions();
                var attached = await tickets.AttachAsync(context.Merchant, reference, customer.Id, new AttachOptions { MoveFromAnotherCustomer = move }, cancellationToken);
                return attached.Succeeded ? Print(context, attached.Value!, $"Attached to {customer.Name}") : context.Fail(attached);
            }

            case "detach":
            {
                line.RejectUnknownOptions();
                var detached = await tickets.DetachAsync(context.Merchant, reference, cancellationToken);
                return detached.Succeeded ? Print(context, detached.Value!, "Detached") : context.Fail(detached);
            }

            case "complete":
            case "refund":
            {
                var current = await tickets.GetAsync(context.Merchant, reference, cancellationToken);
                if (!current.Succeeded)
                {
                    return context.Fail(current);
                }

                var ticket = current.Value!;
                var report = new TicketReport { TicketReference = reference, Total = ticket.Total, Currency = ticket.Currency, LineCount = ticket.LineCount, LocationId = ticket.LocationId };
                if (verb == "complete")
                {
                    report = report with { Status = TicketStatus.Completed };
                }
                else
                {
                    // The POS reports the refunded total so far; this command adds one refund to it. Returned lines
                    // (--return) refund their share of the line total unless --amount says otherwise.
                    var returned = TicketLineArguments.Returns(line, ticket);
                    var refund = line.Option("--amount") is not null
                        ? CliContext.Amount(line, knownCurrency: ticket.Currency).Amount
                        : returned is null ? ticket.Total : ReturnedShare(ticket, returned);
                    var refunded = Math.Min(ticket.Total, ticket.RefundedAmount + refund);
                    report = report with { Lines = returned };
                    report = report with
                    {
                        Status = refunded >= ticket.Total ? TicketStatus.Refunded : TicketStatus.PartiallyRefunded,
                        RefundedAmount = refunded,
                    };
                }

                line.RejectUnknownOptions();
                var changed = await tickets.ReportAsync(context.Merchant, report, cancellationToken);
                return changed.Succeeded ? Print(context, changed.Value!, verb == "complete" ? "Completed" : "Refunded") : context.Fail(changed);
            }

            default:
                throw new UsageException($"Unknown tickets command '{verb}'.");
        }
    }

    /// <summary><c>customers show CUSTOMER</c>: the profile, statistics and recent purchases.</summary>
    public static async Task<int> ShowAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        line.RejectUnknownOptions();
        var tickets = context.Get<TicketLinkService>();
        var stats = await tickets.GetStatisticsAsync(context.Merchant, customer.Id, cancellationToken);
        var history = await tickets.GetPurchaseHistoryAsync(context.Merchant, customer.Id, take: 5, cancellationToken: cancellationToken);
        if (!stats.Succeeded || !history.Succeeded)
        {
            return context.Fail(stats.Succeeded ? history : stats);
        }

        var items = await tickets.GetFrequentItemsAsync(context.Merchant, customer.Id, new PurchaseProfileQuery { Take = 5 }, cancellationToken);
        if (!items.Succeeded)
        {
            return context.Fail(items);
        }

        var accounts = await context.Get<CreditService>().ListAccountsAsync(context.Merchant, customer.Id, cancellationToken);
        if (!accounts.Succeeded)
        {
            return context.Fail(accounts);
        }

        var group = customer.GroupId is { } groupId ? await GroupCommands.FindGroupAsync(context, groupId, cancellationToken) : null;
        var creditLines = accounts.Value!.Where(a => a.Kind == LedgerAccountKind.CreditLine).ToList();
        var storeCredit = accounts.Value!.Where(a => a.Kind == LedgerAccountKind.StoreCredit).ToList();
        var s = stats.Value!;
        var recent = history.Value!.Items.Select(TicketView).ToList();
        var json = new
        {
            customer = CustomerView.From(customer),
            statistics = new { s.FirstVisit, s.LastVisit, s.VisitCount, totalSpent = MoneyText.Amounts(s.TotalSpent), pointsBalance = s.PointsBalance },
            recentPurchases = recent,
            topItems = items.Value!.Select(i => new { sku = i.Sku, description = i.Description, timesBought = i.TimesBought, quantity = i.Quantity, spent = MoneyText.Amounts(i.Spent), lastBought = i.LastBought }),
            preferences = customer.Preferences.Select(p => new { name = p.Name, value = p.Value }),
            group = group is null ? null : new { id = group.Id, name = group.Name, discount = group.Discount is { } d ? DiscountView.From(d) : null },
            personalDiscount = customer.PersonalDiscount is { } personal ? DiscountView.From(personal) : null,
            creditLines = creditLines.Select(a => new
            {
                id = a.Id, name = a.Name, currency = a.Unit, balance = MoneyText.Amount(a.Balance, a.Unit), limit = MoneyText.Amount(a.Limit, a.Unit),
                paymentTermDays = a.PaymentTermDays, isActive = a.IsActive,
            }),
            storeCredit = storeCredit.Select(a => new { currency = a.Unit, balance = MoneyText.Amount(a.Balance, a.Unit) }),
            points = s.PointsBalance,
        };
        var text = string.Join(Environment.NewLine,
        [
            CustomerView.From(customer).Describe(),
            $"  visits: {s.VisitCount}" + (s.FirstVisit is { } first ? $" (first {first:yyyy-MM-dd}, last {s.LastVisit:yyyy-MM-dd})" : string.Empty),
            $"  total spent: {MoneyText.FormatAll(s.TotalSpent)}",
            $"  group: {(group is null ? "none" : GroupCommands.Describe(group, withId: false))}",
            $"  personal discount: {(customer.PersonalDiscount is { } personalDiscount ? MoneyText.Describe(personalDiscount) : "none")}",
            .. creditLines.Select(a => $"  credit line '{a.Name}': balance {MoneyText.Balance(a)}" +
                (a.Limit is { } limit ? $", limit {MoneyText.Format(limit, a.Unit)}" : string.Empty) + $", {a.PaymentTermDays} days" + (a.IsActive ? string.Empty : " (inactive)")),
            $"  store credit: {(storeCredit.Count == 0 ? "none" : string.Join(", ", storeCredit.Select(MoneyText.Balance)))}",
            $"  points: {s.PointsBalance.ToString(CultureInfo.InvariantCulture)}",
            .. customer.Preferences.Count == 0 ? Array.Empty<string>() : [$"  preferences: {Importing.CustomerCsvFormat.JoinPreferences(customer.Preferences)}"],
            .. items.Value!.Count == 0 ? Array.Empty<string>() : ["  top items:"],
            .. items.Value!.Select(i => $"    {i.Sku} {i.Description}: bought {i.TimesBought} time(s), quantity {i.Quantity.ToString(CultureInfo.InvariantCulture)}, " +
                $"spent {MoneyText.FormatAll(i.Spent)}, last {i.LastBought:yyyy-MM-dd}"),
            .. history.Value.Items.Select(t => $"  {t.SortTime:yyyy-MM-dd HH:mm} {t.TicketReference} {t.Status} {MoneyText.Format(t.Total, t.Currency)}" +
                (t.PointsAwarded > 0 ? $" (+{t.PointsAwarded.ToString(CultureInfo.InvariantCulture)} points)" : string.Empty)),
        ]);
        return context.Print(json, text);
    }

    /// <summary><c>customers merge KEEP REMOVE [--preview] [--take Field,Field]</c> and <c>customers merge --undo MERGE_ID</c>.</summary>
    public static async Task<int> MergeAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customers = context.Get<CustomerService>();
        if (line.Option("--undo") is { } undoText)
        {
            line.RejectUnknownOptions();
            if (!Guid.TryParse(undoText, out var mergeId))
            {
                throw new UsageException("--undo needs the merge id printed by the merge.");
            }

            var undone = await customers.UndoMergeAsync(context.Merchant, mergeId, cancellationToken);
            return undone.Succeeded ? context.Print(new { undone = mergeId }, $"Merge {mergeId} undone.") : context.Fail(undone);
        }

        var keep = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer to keep"), cancellationToken);
        var remove = await context.ResolveCustomerAsync(CliContext.Word(line, 3, "the customer to merge away"), cancellationToken);
        var preview = line.Switch("--preview");
        var choices = (line.Option("--take") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(field => field, _ => MergeSide.Removed, StringComparer.Ordinal);
        line.RejectUnknownOptions();

        var previewed = await customers.PreviewMergeAsync(context.Merchant, keep.Id, remove.Id, choices, cancellationToken);
        if (!previewed.Succeeded)
        {
            return context.Fail(previewed);
        }

        var p = previewed.Value!;
        if (preview)
        {
            // The group difference holds ids; a person chooses between group names.
            var groupNames = (await context.Get<CustomerGroupService>().ListAsync(context.Merchant, cancellationToken)).Value?
                .ToDictionary(g => g.Group.Id.ToString(), g => g.Group.Name, StringComparer.OrdinalIgnoreCase) ?? [];
            string? Readable(MergeFieldDifference d, string? value) =>
                d.Field == GroupField && value is not null ? groupNames.GetValueOrDefault(value, value) : value;

            var json = new
            {
                keep = CustomerView.From(p.Kept),
                remove = CustomerView.From(p.Removed),
                differences = p.Differences.Select(d => new
                {
                    d.Field, kept = d.KeptValue, removed = d.RemovedValue, takes = choices.ContainsKey(d.Field) ? MergeSide.Removed : d.DefaultChoice,
                    keptName = Readable(d, d.KeptValue), removedName = Readable(d, d.RemovedValue),
                }),
                ticketsToMove = p.TicketsToMove,
                balancesToMove = p.BalancesToMove.Select(a => new { kind = a.Kind, a.Name, a.Unit, Balance = MoneyText.Amount(a.Balance, a.Unit) }),
                merged = CustomerView.From(p.Merged),
            };
            var text = string.Join(Environment.NewLine,
            [
                $"Merge {CustomerView.From(p.Removed).Describe()}",
                $" into {CustomerView.From(p.Kept).Describe()}",
                .. p.Differences.Select(d => $"  {(d.Field == GroupField ? "Group" : d.Field)}: keeps '{Readable(d, (choices.ContainsKey(d.Field) ? MergeSide.Removed : d.DefaultChoice) == MergeSide.Kept ? d.KeptValue : d.RemovedValue)}' (kept '{Readable(d, d.KeptValue)}', removed '{Readable(d, d.RemovedValue)}')"),
                $"  tickets moving: {p.TicketsToMove}",
                .. p.BalancesToMove.Select(a => $"  balance moving: {a.Kind} '{a.Name}' {MoneyText.Balance(a)}"),
                "Nothing was changed (preview).",
            ]);
            return context.Print(json, text);
        }

        var merged = await customers.MergeAsync(context.Merchant, new MergeRequest
        {
            KeepId = keep.Id,
            KeepVersion = keep.Version,
            RemoveId = remove.Id,
            RemoveVersion = remove.Version,
            FieldChoices = choices,
        }, cancellationToken);
        return merged.Succeeded
            ? context.Print(
                new { mergeId = merged.Value!.Id, kept = keep.Id, removed = remove.Id, ticketsMoved = merged.Value.MovedTickets.Count, balancesMoved = merged.Value.LedgerTransfers.Count },
                $"Merged {remove.Name} into {keep.Name}: {merged.Value.MovedTickets.Count} ticket(s) and {merged.Value.LedgerTransfers.Count} balance(s) moved. Undo with: customers merge --undo {merged.Value.Id}")
            : context.Fail(merged);
    }

    /// <summary>The merge difference whose values are group ids.</summary>
    private const string GroupField = "GroupId";

    /// <summary><c>loyalty redeem CUSTOMER POINTS --key K</c>.</summary>
    public static async Task<int> LoyaltyAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var verb = CliContext.Word(line, 1, "a loyalty command: redeem");
        if (verb != "redeem")
        {
            throw new UsageException($"Unknown loyalty command '{verb}'.");
        }

        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        var points = CliContext.Accept(MoneyParser.ParseAmount(CliContext.Word(line, 3, "the points"), maxDecimals: 0, "POINTS"));

        var details = context.Posting(line);
        line.RejectUnknownOptions();
        var redeemed = await context.Get<LoyaltyService>().RedeemAsync(context.Merchant, customer.Id, points, details, cancellationToken);
        return redeemed.Succeeded
            ? context.Print(new { redeemed = points, balance = redeemed.Value!.Account.Balance, replayed = redeemed.Value.Replayed }, $"Redeemed {points} points; {redeemed.Value!.Account.Balance} left.")
            : context.Fail(redeemed);
    }

    // What the newly returned quantities paid, each line's share rounded as the library rounds it.
    private static decimal ReturnedShare(TicketLink ticket, List<TicketLineReport> returned) =>
        ticket.Lines.Zip(returned).Sum(pair =>
            pair.First.KeptAmount(ticket.Currency) - (pair.First with { ReturnedQuantity = Math.Min(pair.Second.ReturnedQuantity, pair.First.Quantity) }).KeptAmount(ticket.Currency));

    private static int Print(CliContext context, TicketLink ticket, string what) =>
        context.Print(TicketView(ticket), $"{what} ticket {ticket.TicketReference}: {ticket.Status}, {MoneyText.Format(ticket.Total, ticket.Currency)}" +
            (ticket.CustomerId is { } c ? $", customer {c}" : ", no customer") +
            (ticket.PointsAwarded > 0 ? $", {ticket.PointsAwarded.ToString(CultureInfo.InvariantCulture)} points" : string.Empty));

    private static object TicketView(TicketLink t) => new
    {
        ticketReference = t.TicketReference,
        status = t.Status,
        total = MoneyText.Amount(t.Total, t.Currency),
        refunded = MoneyText.Amount(t.RefundedAmount, t.Currency),
        currency = t.Currency,
        lines = t.LineCount,
        customerId = t.CustomerId,
        pointsAwarded = t.PointsAwarded,
        openedAt = t.OpenedAt,
        completedAt = t.CompletedAt,
        lineItems = t.Lines.Select(l => new { sku = l.Sku, description = l.Description, quantity = l.Quantity, unitPrice = MoneyText.Amount(l.UnitPrice, t.Currency), lineTotal = MoneyText.Amount(l.LineTotal, t.Currency), returned = l.ReturnedQuantity }),
    };
}
