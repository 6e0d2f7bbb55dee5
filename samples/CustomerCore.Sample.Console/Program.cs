using CustomerCore;
using CustomerCore.Sample.Console;
using Microsoft.Extensions.DependencyInjection;

const string Usage = """
    customercore — sample host for the CustomerCore library

    usage: customercore [--merchant ID] [--region CC] [--db PATH|CONNECTION] [--busy-timeout S] [--json] COMMAND

      demo                                   guided tour
      customers add [--first F] [--last L] [--email E] [--phone P]
                    [--postcode PC] [--code C] [--note N] [--company C] [--force]
      customers find QUERY [--take N] [--skip N]
      customers show CUSTOMER                profile, statistics, preferences, top 5 items, recent purchases
      customers set-preference CUSTOMER NAME VALUE | customers set-preference CUSTOMER NAME --remove
      customers merge KEEP REMOVE [--preview] [--take Field,Field] | customers merge --undo MERGE_ID
      customers erase CUSTOMER | customers export-data CUSTOMER FILE   right to erasure / subject access
      customers set-group CUSTOMER GROUP|--none
      customers set-discount CUSTOMER 10%|5.00 [--currency C]|--none
      customers history CUSTOMER             who changed what and when (field names only, never values)
      groups add NAME [--discount 10%|5.00] | groups rename GROUP NAME | groups delete GROUP | groups list
      credit add-option CUSTOMER --limit L [--name N] [--term DAYS] [--currency C]
      credit charge|pay CUSTOMER --amount A [--line NAME] [--key K] [--override REASON]
      credit issue|redeem CUSTOMER --amount A [--key K]
      credit balance CUSTOMER
      tickets record REF --total T [--currency C] [--status open|completed|voided] [--lines N] [--customer CUSTOMER]
                     [--line "SKU:description:quantity:unit price"]...   (with lines, --total defaults to their sum)
      tickets attach REF CUSTOMER [--move] | tickets detach REF | tickets complete REF
      tickets refund REF [--amount A] [--return SKU:QUANTITY]...
      loyalty redeem CUSTOMER POINTS [--key K]
      import FILE [--dry-run] [--skip-bad-rows] [--errors OUT.csv] [--windows-1252] [--create-duplicates]
      import --undo BATCH | import template FILE
      export FILE
      changes [--after N] [--take N]         change feed, oldest first: entries after sequence N (default 0),
                                             at most N of them (1 to 1000, default 100); a till syncing offline
                                             pulls 'changes --after LAST' with the last sequence it applied
      bench [--rows N] [--customers N]       measure import and lookups against raw baselines, on its own
                                             temporary SQLite files (--db is not used); see docs/performance.md

    CUSTOMER is an id, or anything 'customers find' resolves to exactly one customer (email, code, phone).
    Amounts are digits with '.' as the decimal point and no separators (12.50, 1500), at most as many
    decimals as the currency has; --currency is an active ISO 4217 code (default USD, case ignored).

    --merchant  merchant (tenant) id, default 'demo'
    --region    ISO country for phone numbers without a country code, default 'US'
    --db        SQLite file (default customercore.db here) or a PostgreSQL connection string (Host=...)
    --busy-timeout  seconds a write waits for another process (an import) to release a SQLite file, default 30
    --json      machine-readable output on stdout
    exit codes: 0 ok, 1 rejected or failed (validation, duplicates, not found, database error), 2 usage error
    """;

// Every byte the CLI prints goes through here, so a stored value can never send escape sequences to the terminal.
Console.SetOut(new TerminalSafeWriter(Console.Out));
Console.SetError(new TerminalSafeWriter(Console.Error));

try
{
    var line = CommandLine.Parse(args);
    if (line.Switch("--help") || line.Words.Count == 0)
    {
        Console.Out.WriteLine(Usage);
        return line.Words.Count == 0 && !line.Switch("--help") ? 2 : 0;
    }

    var merchant = line.Option("--merchant") ?? "demo";
    var region = (line.Option("--region") ?? "US").ToUpperInvariant();
    var json = line.Switch("--json");
    var database = line.Option("--db") ?? CliHost.DefaultDatabase;
    CliHost.BusyTimeoutSeconds = line.IntOption("--busy-timeout", CliHost.DefaultBusyTimeoutSeconds, 1, 3600);
    if (string.IsNullOrWhiteSpace(merchant) || merchant.Length > MerchantId.MaxLength)
    {
        throw new UsageException($"--merchant must be 1 to {MerchantId.MaxLength} characters.");
    }

    if (region.Length != 2 || !region.All(char.IsAsciiLetterUpper))
    {
        throw new UsageException("--region must be a two-letter country code such as US, GB or DE.");
    }

    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancellation.Cancel();
    };

    // The bench builds its own hosts on temporary files, so it must not create or touch the --db database.
    if (line.Words[0] == "bench")
    {
        return await BenchCommand.RunAsync(line, json, Console.Out, Console.Error, cancellation.Token);
    }

    await using var services = await CliHost.BuildAsync(region, database, cancellation.Token);
    using var scope = services.CreateScope();
    var context = new CliContext(scope.ServiceProvider, new MerchantId(merchant), json, Console.Out, Console.Error);

    return line.Words[0] switch
    {
        "demo" => await DemoCommand.RunAsync(context, line, cancellation.Token),
        "customers" => await CustomerCommands.RunAsync(context, line, cancellation.Token),
        "groups" => await GroupCommands.RunAsync(context, line, cancellation.Token),
        "credit" => await CreditCommands.RunAsync(context, line, cancellation.Token),
        "tickets" => await TicketCommands.RunAsync(context, line, cancellation.Token),
        "loyalty" => await TicketCommands.LoyaltyAsync(context, line, cancellation.Token),
        "import" => await ImportCommands.ImportAsync(context, line, cancellation.Token),
        "export" => await ImportCommands.ExportAsync(context, line, cancellation.Token),
        "changes" => await FeedCommands.ChangesAsync(context, line, cancellation.Token),
        _ => throw new UsageException($"Unknown command '{line.Words[0]}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"usage error: {ex.Message}");
    Console.Error.WriteLine("Run 'customercore --help' for the commands.");
    return 2;
}
catch (InputRejectedException ex)
{
    // Nothing was sent to the library yet, so nothing was written; the errors read like any other refusal.
    return CliContext.Fail(args.Contains("--json"), Console.Out, Console.Error, ex.Errors);
}
catch (RejectedException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled; nothing half-written was kept.");
    return 1;
}
catch (Exception ex) when (CliHost.DescribeFailure(ex) is { } failure)
{
    // Infrastructure trouble (a busy, unwritable or old database file, a server that is down or refuses the login, a file
    // that cannot be written): one line that says what to do, never a stack trace or a connection string.
    Console.Error.WriteLine($"error: {failure}");
    return 1;
}
catch (Exception ex)
{
    // A bug, not bad input. The exception's message may quote stored values, so only its type is printed.
    Console.Error.WriteLine($"error: internal error ({ex.GetType().Name}); the command stopped and its transaction, if any, was rolled back. Please report it.");
    return 1;
}
