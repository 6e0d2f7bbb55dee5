using System.CommandLine;
using System.CommandLine.Invocation;
using CustomerCore;
using CustomerCore.Sample.Console;
using Microsoft.Extensions.DependencyInjection;

// Tables on a terminal draw their borders with escape sequences, so they write to the raw stdout; their cells are escaped.
var terminal = RichConsole.ForStdout(Console.Out);

// Every byte the CLI prints goes through here, so a stored value can never send escape sequences to the terminal.
Console.SetOut(new TerminalSafeWriter(Console.Out));
Console.SetError(new TerminalSafeWriter(Console.Error));

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var root = CommandTree.Build(RunAsync);

// '@file' is a customer query or a file name here, never a response file to expand.
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
try
{
    if (parsed.Action is ParseErrorAction)
    {
        throw new UsageException(UsageErrors.Describe(parsed));
    }

    var invocation = new InvocationConfiguration
    {
        Output = Console.Out,
        Error = Console.Error,
        EnableDefaultExceptionHandler = false,

        // Ctrl+C cancels the token below, and the command rolls back what it had begun.
        ProcessTerminationTimeout = null,
    };
    var exitCode = await parsed.InvokeAsync(invocation, cancellation.Token);

    // With no command at all the CLI shows its help, as a usage error: a script that forgot the command must not pass.
    return args.Length == 0 ? 2 : exitCode;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"usage error: {ex.Message}");
    Console.Error.WriteLine(UsageErrors.HelpHint(parsed));
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

async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
{
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

    if (!CliHost.IsKnownRegion(region))
    {
        throw new UsageException($"--region {region} is not a country whose phone numbers can be read; use a two-letter ISO 3166 code such as US, GB or DE.");
    }

    // The bench builds its own hosts on temporary files, so it must not create or touch the --db database.
    if (line.Words[0] == "bench")
    {
        return await BenchCommand.RunAsync(line, json, Console.Out, Console.Error, cancellationToken);
    }

    await using var services = await CliHost.BuildAsync(region, database, cancellationToken);
    using var scope = services.CreateScope();
    var context = new CliContext(scope.ServiceProvider, new MerchantId(merchant), json, Console.Out, Console.Error, json ? null : terminal);

    return line.Words[0] switch
    {
        "demo" => await DemoCommand.RunAsync(context, line, cancellationToken),
        "customers" => await CustomerCommands.RunAsync(context, line, cancellationToken),
        "groups" => await GroupCommands.RunAsync(context, line, cancellationToken),
        "credit" => await CreditCommands.RunAsync(context, line, cancellationToken),
        "tickets" => await TicketCommands.RunAsync(context, line, cancellationToken),
        "loyalty" => await TicketCommands.LoyaltyAsync(context, line, cancellationToken),
        "import" => await ImportCommands.ImportAsync(context, line, cancellationToken),
        "export" => await ImportCommands.ExportAsync(context, line, cancellationToken),
        "changes" => await FeedCommands.ChangesAsync(context, line, cancellationToken),
        _ => throw new UsageException($"Unknown command '{line.Words[0]}'."),
    };
}
