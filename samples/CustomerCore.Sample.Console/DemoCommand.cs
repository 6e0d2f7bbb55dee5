using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Tickets;

namespace CustomerCore.Sample.Console;

/// <summary>A guided tour for a person meeting CustomerCore for the first time. Safe to run again on the same database.</summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        line.RejectUnknownOptions();
        var customers = context.Get<CustomerService>();
        var output = context.Json ? TextWriter.Null : context.Out;
        var steps = new List<object>();

        output.WriteLine($"CustomerCore demo — merchant '{context.Merchant}'");
        output.WriteLine();
        output.WriteLine("1. Adding customers (found instead of duplicated when the demo runs again):");
        CustomerInput[] people =
        [
            new() { FirstName = "Ann", LastName = "Taylor", Email = "ann.taylor@example.com", Phone = "(415) 555-2671", PostalCode = "94103", Source = ConsentSource.Pos, EmailConsent = new ConsentInput(ConsentStatus.OptedIn, "2026-01") },
            new() { FirstName = "José", LastName = "Müller", Email = "jose.muller@example.com", Phone = "+34 612 345 678", City = "Madrid" },
            new() { FirstName = "Priya", LastName = "Shah", Phone = "+44 7911 123456", PostalCode = "SW1A 1AA", CustomerCode = "LOYAL-042" },
        ];
        Customer? ann = null;
        foreach (var person in people)
        {
            var ensured = await customers.EnsureCustomerAsync(context.Merchant, person, cancellationToken);
            if (!ensured.Succeeded)
            {
                return context.Fail(ensured);
            }

            ann ??= ensured.Value!.Customer;
            var view = CustomerView.From(ensured.Value!.Customer);
            output.WriteLine($"   {(ensured.Value.Created ? "created" : "found  ")} {view.Describe()}");
            steps.Add(new { step = "add", created = ensured.Value.Created, customer = view });
        }

        output.WriteLine();
        output.WriteLine("2. A cashier types Ann's number again, in another format, for a 'new' customer:");
        var duplicate = await customers.CreateAsync(
            context.Merchant, new CustomerInput { FirstName = "Anne", LastName = "Taylor", Phone = "415.555.2671" }, cancellationToken: cancellationToken);
        if (duplicate.TryGetError<DuplicateCustomersError>(out var possible) && possible.Code == CustomerErrorCodes.PossibleDuplicate)
        {
            output.WriteLine($"   warning: {possible.Description}");
            foreach (var candidate in possible.Candidates)
            {
                output.WriteLine($"   candidate: {CustomerView.From(candidate).Describe()}");
            }

            steps.Add(new { step = "duplicate-warning", candidates = possible.Candidates.Select(CustomerView.From) });
        }

        output.WriteLine();
        output.WriteLine("3. At the till, the customer says the last four digits of their phone: 2671");
        await ShowSearchAsync("2671");

        output.WriteLine();
        output.WriteLine("4. Searching by name ignores case and accents: 'jose mu'");
        await ShowSearchAsync("jose mu");

        output.WriteLine();
        output.WriteLine("5. Postal codes ignore spaces and case: 'sw1a1aa'");
        await ShowSearchAsync("sw1a1aa");

        output.WriteLine();
        output.WriteLine("6. Yesterday's sale is rung up without a customer; today Ann brings the receipt and it is attached after the fact:");
        var tickets = context.Get<TicketLinkService>();
        const string receipt = "DEMO-RECEIPT-1001";
        var recorded = await tickets.ReportAsync(context.Merchant, new TicketReport
        {
            TicketReference = receipt,
            Status = TicketStatus.Completed,
            Total = 42.50m,
            Currency = "USD",
            LineCount = 3,
            LocationId = "till-1",
        }, cancellationToken);
        if (!recorded.Succeeded)
        {
            return context.Fail(recorded);
        }

        var attached = await tickets.AttachAsync(context.Merchant, receipt, ann!.Id, cancellationToken: cancellationToken);
        if (!attached.Succeeded)
        {
            return context.Fail(attached);
        }

        var stats = (await tickets.GetStatisticsAsync(context.Merchant, ann.Id, cancellationToken)).Value!;
        output.WriteLine($"   receipt {receipt}: 42.50 USD, attached to Ann Taylor, earned {attached.Value!.PointsAwarded:0} points");
        output.WriteLine($"   Ann's profile: {stats.VisitCount} visit(s), {stats.TotalSpent.GetValueOrDefault("USD"):0.00} USD spent, {stats.PointsBalance:0} points");
        steps.Add(new { step = "attach-after-sale", ticket = receipt, pointsEarned = attached.Value.PointsAwarded, visits = stats.VisitCount, points = stats.PointsBalance });

        output.WriteLine();
        output.WriteLine("7. The cashier starts typing Ann's number and picks her from the list: '415 55'");
        await ShowSearchAsync("415 55");

        output.WriteLine();
        output.WriteLine("8. A till that was offline catches up from the change feed, then finds Ann in its own copy:");
        var settings = await context.Get<Merchants.IMerchantSettingsProvider>().GetSettingsAsync(context.Merchant, cancellationToken);
        var replica = new ChangeFeed.TillDirectory(context.Merchant, settings.DefaultRegion);
        var feed = context.Get<ChangeFeed.CustomerChangeFeed>();
        while (true)
        {
            var page = await feed.ReadAsync(context.Merchant, replica.LastSequence, ChangeFeed.CustomerChangeFeed.MaxPageSize, cancellationToken);
            if (!page.Succeeded)
            {
                return context.Fail(page);
            }

            if (page.Value!.Count == 0)
            {
                break;
            }

            replica.Apply(page.Value);
        }

        var offline = replica.Search(new CustomerQuery("2671"));
        var offlineAnn = offline.Items.FirstOrDefault(m => m.Customer.Id == ann.Id);
        output.WriteLine($"   applied changes 1 to {replica.LastSequence}; {replica.Customers.Count} customers held offline");
        output.WriteLine(offlineAnn is null
            ? "   offline search '2671' did not find Ann"
            : $"   offline search '2671': Ann Taylor, {offlineAnn.Customer.Points:0} points, matched by {offlineAnn.MatchedBy}");
        steps.Add(new { step = "offline-till", lastSequence = replica.LastSequence, customers = replica.Customers.Count, foundAnn = offlineAnn is not null });

        if (context.Json)
        {
            context.WriteJson(new { merchant = context.Merchant.Value, steps });
        }

        return 0;

        async Task ShowSearchAsync(string text)
        {
            var found = await customers.SearchAsync(context.Merchant, new CustomerQuery(text), cancellationToken);
            foreach (var match in found.Value?.Items ?? [])
            {
                output.WriteLine($"   {CustomerView.From(match).Describe()}");
            }

            steps.Add(new { step = "search", query = text, matches = found.Value?.Items.Select(CustomerView.From) });
        }
    }
}
