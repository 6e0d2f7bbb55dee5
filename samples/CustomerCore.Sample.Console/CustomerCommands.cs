using CustomerCore.Customers;

namespace CustomerCore.Sample.Console;

/// <summary><c>customers add|find</c>, and the dispatch of the other <c>customers</c> commands.</summary>
internal static class CustomerCommands
{
    public static Task<int> RunAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var verb = line.Words.ElementAtOrDefault(1) ?? throw new UsageException("customers needs a command: add, find, show, merge, set-group, set-discount, set-preference, erase, export-data, history.");
        return verb switch
        {
            "add" => AddAsync(context, line, cancellationToken),
            "find" => FindAsync(context, line, cancellationToken),
            "show" => TicketCommands.ShowAsync(context, line, cancellationToken),
            "merge" => TicketCommands.MergeAsync(context, line, cancellationToken),
            "set-group" => GroupCommands.SetGroupAsync(context, line, cancellationToken),
            "set-discount" => GroupCommands.SetDiscountAsync(context, line, cancellationToken),
            "erase" => PrivacyCommands.EraseAsync(context, line, cancellationToken),
            "export-data" => PrivacyCommands.ExportDataAsync(context, line, cancellationToken),
            "history" => FeedCommands.HistoryAsync(context, line, cancellationToken),
            "set-preference" => SetPreferenceAsync(context, line, cancellationToken),
            _ => throw new UsageException($"Unknown customers command '{verb}'."),
        };
    }

    /// <summary><c>customers set-preference CUSTOMER NAME VALUE</c>, or <c>customers set-preference CUSTOMER NAME --remove</c>.</summary>
    private static async Task<int> SetPreferenceAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        var name = CliContext.Word(line, 3, "the preference name");
        var remove = line.Switch("--remove");
        var value = remove ? null : CliContext.Word(line, 4, "the preference value (or --remove)");
        if (remove && line.Words.Count > 4)
        {
            throw new UsageException("Give either a value or --remove, not both.");
        }

        line.RejectUnknownOptions();
        var result = await context.Get<CustomerService>().SetPreferenceAsync(context.Merchant, customer.Id, customer.Version, name, value, cancellationToken);
        if (!result.Succeeded)
        {
            return context.Fail(result);
        }

        var preferences = result.Value!.Preferences;
        return context.Print(
            new { customer = CustomerView.From(result.Value), preferences = preferences.Select(p => new { name = p.Name, value = p.Value }) },
            (remove ? $"Removed preference '{name.Trim()}'" : $"Set preference '{name.Trim()}'") + $" for {result.Value.Name}." +
            (preferences.Count == 0 ? " No preferences left." : $" Preferences: {Importing.CustomerCsvFormat.JoinPreferences(preferences)}"));
    }

    private static async Task<int> AddAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var input = new CustomerInput
        {
            FirstName = line.Option("--first"),
            LastName = line.Option("--last"),
            Email = line.Option("--email"),
            Phone = line.Option("--phone"),
            PostalCode = line.Option("--postcode"),
            CustomerCode = line.Option("--code"),
            Note = line.Option("--note"),
            CompanyName = line.Option("--company"),
            Source = Privacy.ConsentSource.Pos,
        };
        var force = line.Switch("--force");
        line.RejectUnknownOptions();

        var result = await context.Get<CustomerService>()
            .CreateAsync(context.Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = force }, cancellationToken);
        if (!result.TryGetValue(out var created, out _))
        {
            return context.Fail(result, result.TryGetError<DuplicateCustomersError>(out var duplicate) ? duplicate.Candidates : null);
        }

        var view = CustomerView.From(created.Customer);
        if (context.Json)
        {
            context.WriteJson(view);
        }
        else
        {
            context.Out.WriteLine($"Created {view.Describe()}");
            if (view.PhoneNeedsReview)
            {
                context.Out.WriteLine("  note: the phone number could not be verified; it was kept as typed.");
            }
        }

        return 0;
    }

    private static async Task<int> FindAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var text = string.Join(' ', line.Words.Skip(2));
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("customers find needs a query: a phone (or its last 4+ digits), an email, a code, a postal code or a name.");
        }

        var take = line.IntOption("--take", 20, 1, CustomerQuery.MaxTake);
        var skip = line.IntOption("--skip", 0, 0, CustomerQuery.MaxSkip);
        line.RejectUnknownOptions();

        var result = await context.Get<CustomerService>()
            .SearchAsync(context.Merchant, new CustomerQuery(text) { Take = take, Skip = skip }, cancellationToken);
        if (!result.Succeeded)
        {
            return context.Fail(result);
        }

        var views = result.Value!.Items.Select(CustomerView.From).ToList();
        if (context.Json)
        {
            context.WriteJson(views);
            return 0;
        }

        if (views.Count == 0)
        {
            context.Out.WriteLine("No customers found.");
        }
        else if (context.Terminal is { } terminal)
        {
            terminal.Table(
                ["Name", "Email", "Phone", "Postal code", "Code", "Matched by", "Id"],
                views.Select(v => new[]
                {
                    $"{v.FirstName} {v.LastName}".Trim(), v.Email, v.PhoneNeedsReview ? v.Phone + " (unverified)" : v.Phone, v.PostalCode, v.CustomerCode,
                    string.Join(", ", v.MatchedBy), v.Id.ToString(),
                }));
        }
        else
        {
            foreach (var view in views)
            {
                context.Out.WriteLine(view.Describe());
            }
        }

        if (result.Value.HasMore)
        {
            context.Out.WriteLine($"More results: --skip {skip + take}");
        }

        return 0;
    }
}
