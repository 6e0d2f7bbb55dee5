using CustomerCore;
using CustomerCore.Sample.Console;
using Microsoft.Extensions.DependencyInjection;

const string Usage = """
    customercore — sample host for the CustomerCore library

    usage: customercore [--merchant ID] [--region CC] [--db PATH|CONNECTION] [--json] COMMAND

      demo                                   guided tour
      customers add [--first F] [--last L] [--email E] [--phone P]
                    [--postcode PC] [--code C] [--note N] [--company C] [--force]
      customers find QUERY [--take N] [--skip N]

    --merchant  merchant (tenant) id, default 'demo'
    --region    ISO country for phone numbers without a country code, default 'US'
    --db        SQLite file (default customercore.db here) or a PostgreSQL connection string (Host=...)
    --json      machine-readable output on stdout
    exit codes: 0 ok, 1 rejected (validation, duplicates), 2 usage error
    """;

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

    await using var services = await CliHost.BuildAsync(region, database, cancellation.Token);
    using var scope = services.CreateScope();
    var context = new CliContext(scope.ServiceProvider, new MerchantId(merchant), json, Console.Out, Console.Error);

    return line.Words[0] switch
    {
        "demo" => await DemoCommand.RunAsync(context, line, cancellation.Token),
        "customers" => await CustomerCommands.RunAsync(context, line, cancellation.Token),
        _ => throw new UsageException($"Unknown command '{line.Words[0]}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"usage error: {ex.Message}");
    Console.Error.WriteLine("Run 'customercore --help' for the commands.");
    return 2;
}
