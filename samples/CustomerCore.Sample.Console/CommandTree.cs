using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CustomerCore.Sample.Console;

/// <summary>
/// Every command, argument and option of the CLI, declared once for System.CommandLine, which parses the command line and
/// derives from this tree the help of every command, <c>--version</c>, typo suggestions and shell completion. Values are
/// declared as text and read by the commands themselves, so a bad amount or count gets the same message it always had.
/// </summary>
internal static class CommandTree
{
    /// <summary>What the root help adds below the generated lists: how arguments are read and what the exit codes mean.</summary>
    public const string Notes = """
        CUSTOMER is an id, or anything 'customers find' resolves to exactly one customer (email, code, phone).
        Amounts are digits with '.' as the decimal point and no separators (12.50, 1500), at most as many
        decimals as the currency has; --currency is an active ISO 4217 code (default USD, case ignored).
        Money is printed with the currency's minor units: 42.50 USD, 1000 JPY.

        exit codes: 0 ok, 1 rejected or failed (validation, duplicates, not found, database error), 2 usage error
        Run 'customercore COMMAND --help' for the arguments and options of one command.
        """;

    /// <summary>The options every command accepts, anywhere on the line.</summary>
    public static readonly Option<string> Merchant = Global("--merchant", "ID", "merchant (tenant) id, default 'demo'");

    /// <inheritdoc cref="Merchant"/>
    public static readonly Option<string> Region = Global("--region", "CC", "ISO country for phone numbers without a country code, default 'US'");

    /// <inheritdoc cref="Merchant"/>
    public static readonly Option<string> Database = Global("--db", "PATH|CONNECTION", "SQLite file (default customercore.db here) or a PostgreSQL connection string (Host=...)");

    /// <inheritdoc cref="Merchant"/>
    public static readonly Option<string> BusyTimeout = Global("--busy-timeout", "S", "seconds a write waits for another process (an import) to release a SQLite file, default 30");

    /// <inheritdoc cref="Merchant"/>
    public static readonly Option<bool> Json = new("--json") { Description = "machine-readable output on stdout", Recursive = true, Arity = ArgumentArity.Zero };

    /// <summary>The whole tree; every command that does something runs <paramref name="run"/> with what was parsed.</summary>
    public static RootCommand Build(Func<CommandLine, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("customercore — sample host for the CustomerCore library")
        {
            Merchant, Region, Database, BusyTimeout, Json,
            Leaf("demo", "guided tour: add, identify, attach a past receipt, sync a till offline"),
            new Command("customers", "create, find, show, merge, erase and change customers")
            {
                Leaf("add", "create a customer (refused with the candidates when it may be a duplicate)",
                    Value("--first", "F", "first name"), Value("--last", "L", "last name"), Value("--email", "E", "email address"),
                    Value("--phone", "P", "phone, in any format"), Value("--postcode", "PC", "postal code"), Value("--code", "C", "the merchant's customer code"),
                    Value("--note", "N", "a note (card numbers are refused)"), Value("--company", "C", "company name"),
                    Flag("--force", "create even when possible duplicates exist")),
                Leaf("find", "identify customers as at the till: phone or its last 4+ digits, email, code, postal code, name",
                    Words("QUERY", "what the cashier typed", ArgumentArity.OneOrMore),
                    Value("--take", "N", "at most N results (default 20)"), Value("--skip", "N", "skip the first N results")),
                Leaf("show", "profile, group, discount, credit, store credit, points, statistics, top items, recent purchases", Customer()),
                Leaf("set-preference", "set a named preference, or remove it with --remove",
                    Customer(), Word("NAME", "the preference name"), Word("VALUE", "the value", ArgumentArity.ZeroOrOne),
                    Flag("--remove", "remove the preference instead of setting it")),
                Leaf("merge", "merge REMOVE into KEEP (see --preview first), or undo a merge with --undo",
                    Word("KEEP", "the customer to keep", ArgumentArity.ZeroOrOne), Word("REMOVE", "the customer to merge away", ArgumentArity.ZeroOrOne),
                    Flag("--preview", "show what would change, change nothing"),
                    Value("--take", "Field,Field", "take the removed customer's value for these fields"),
                    Value("--undo", "MERGE_ID", "undo the merge with this id")),
                Leaf("erase", "right to erasure: remove personal data, keep sales and balances", Customer()),
                Leaf("export-data", "subject access: everything held about the customer, as JSON", Customer(), Word("FILE", "the JSON file to write")),
                Leaf("set-group", "put the customer in a group, or take them out with --none",
                    Customer(), Word("GROUP", "the group name or id", ArgumentArity.ZeroOrOne), Flag("--none", "no group")),
                Leaf("set-discount", "personal discount: 10% or an amount, or --none",
                    Customer(), Word("DISCOUNT", "10% or 5.00", ArgumentArity.ZeroOrOne), Currency(), Flag("--none", "no personal discount")),
                Leaf("history", "who changed what and when (field names only, never values)", Customer()),
            },
            new Command("groups", "customer groups and their discounts")
            {
                Leaf("add", "create a group", Word("NAME", "the group name"), Value("--discount", "10%|5.00", "a group discount"), Currency()),
                Leaf("rename", "rename a group", Word("GROUP", "the group name or id"), Word("NAME", "the new name")),
                Leaf("delete", "delete a group; its members become ungrouped", Word("GROUP", "the group name or id")),
                Leaf("list", "every group with its discount and member count"),
            },
            new Command("credit", "credit lines (house accounts) and store credit")
            {
                Leaf("add-option", "open a credit line", Customer(), Value("--limit", "L", "the credit limit"), Value("--name", "N", "the line's name (default 'House account')"),
                    Value("--term", "DAYS", "payment term in days (default 30)"), Currency()),
                Leaf("charge", "charge a sale to a credit line", [Customer(), Value("--line", "NAME", "the credit line, when there are several"), Value("--override", "REASON", "allow passing the limit, for this reason"), .. Posting()]),
                Leaf("pay", "record a payment on a credit line", [Customer(), Value("--line", "NAME", "the credit line, when there are several"), Value("--override", "REASON", "an override reason"), .. Posting()]),
                Leaf("issue", "issue store credit", [Customer(), Value("--override", "REASON", "an override reason"), .. Posting()]),
                Leaf("redeem", "spend store credit", [Customer(), Value("--override", "REASON", "an override reason"), .. Posting()]),
                Leaf("balance", "every credit line, store credit and points account of the customer", Customer()),
            },
            new Command("tickets", "sales tickets linked to customers, as the POS reports them")
            {
                Leaf("record", "record a ticket (with lines, --total defaults to their sum)",
                    Reference(), Value("--total", "T", "the ticket total"), Currency(), Value("--status", "open|completed|voided", "default open"),
                    Value("--lines", "N", "the line count"), Value("--customer", "CUSTOMER", "attach to this customer"), Value("--location", "ID", "the till or shop"),
                    Many("--line", "SKU:description:quantity:unit price", "a ticket line; repeat for each line")),
                Leaf("attach", "attach a ticket to a customer, also after the sale", Reference(), Customer(), Flag("--move", "move it from another customer")),
                Leaf("detach", "detach a ticket from its customer (points are reversed)", Reference()),
                Leaf("complete", "mark a ticket completed (points are earned)", Reference()),
                Leaf("refund", "add one refund to a ticket", Reference(), Value("--amount", "A", "the amount refunded (default: all, or what --return paid)"),
                    Many("--return", "SKU:QUANTITY", "returned quantity of a line; repeatable")),
            },
            new Command("loyalty", "loyalty points")
            {
                Leaf("redeem", "spend points", [Customer(), Word("POINTS", "whole points"), Value("--override", "REASON", "an override reason"), .. Posting(withCurrency: false)]),
            },
            new RunningCommand("import", "import a CSV file (dry run first), or undo a batch", run,
                Word("FILE", "the CSV file", ArgumentArity.ZeroOrOne),
                Flag("--dry-run", "report what would change, change nothing"), Flag("--skip-bad-rows", "import the valid rows, skip the rest"),
                Value("--errors", "OUT.csv", "write the skipped rows here (with --skip-bad-rows)"), Flag("--windows-1252", "read a file saved as Windows-1252"),
                Flag("--create-duplicates", "create rows that look like existing customers"), Value("--undo", "BATCH", "undo the import batch with this id"),
                Flag("--progress", "progress lines on stderr even when it is not a terminal (a bar is drawn only on a terminal)"))
            {
                Leaf("template", "write the import template (the canonical headers)", Word("FILE", "the file to write")),
            },
            Leaf("export", "export every customer as canonical CSV (importable back unchanged)", Word("FILE", "the CSV file to write")),
            Leaf("changes", "the change feed, oldest first, as a till syncing offline pulls it",
                Value("--after", "N", "entries after sequence N (default 0)"), Value("--take", "N", "at most N entries, 1 to 1000 (default 100)")),
            Leaf("bench", "measure import and lookups against raw baselines on temporary SQLite files (--db is not used); see docs/performance.md",
                Value("--rows", "N", "rows to import (default 20,000)"), Value("--customers", "N", "customers for the lookups (default 100,000)"),
                Value("--postgres", "CONNECTION", "also import into PostgreSQL"), Value("--item-tickets", "N", "tickets for the frequently-bought section")),
        };

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotes((HelpAction)help.Action!);
        root.Subcommands.Add(HelpCommand(root));
        return root;

        Command Leaf(string name, string description, params Symbol[] symbols) => new RunningCommand(name, description, run, symbols);
    }

    /// <summary><c>help [COMMAND...]</c>: the same help as <c>COMMAND --help</c>, for people who type the word first.</summary>
    private static Command HelpCommand(RootCommand root)
    {
        var words = new Argument<string[]>("COMMAND") { Description = "the command to explain, for example: customers add", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "show the help of the CLI or of one command (same as COMMAND --help)") { words };
        command.SetAction(parsed =>
        {
            var target = root.Parse([.. parsed.GetValue(words) ?? [], "--help"]);
            return target.Action is ParseErrorAction
                ? throw new UsageException(UsageErrors.Describe(target))
                : target.Invoke(parsed.InvocationConfiguration);
        });
        return command;
    }

    /// <summary>The commands and options a person could have meant by <paramref name="typed"/>, closest first.</summary>
    public static IReadOnlyList<string> Suggestions(Command command, string typed)
    {
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive && !o.Hidden).Select(o => o.Name)))
            .Distinct(StringComparer.Ordinal);
        var limit = Math.Max(1, typed.Length / 3);
        return names
            .Select(name => (Name: name, Distance: Distance(typed, name)))
            .Where(x => x.Distance <= limit || (typed.Length >= 3 && x.Name.StartsWith(typed, StringComparison.Ordinal)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name)
            .Take(3)
            .ToList();
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    // Levenshtein distance: a dropped, added, changed or swapped-neighbour letter each counts one.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static Option<string> Global(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName, Recursive = true };

    private static Option<string> Value(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName };

    private static Option<string[]> Many(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName, AllowMultipleArgumentsPerToken = false };

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    private static Option<string> Currency() => Value("--currency", "C", "ISO 4217 currency (default USD)");

    private static Option[] Posting(bool withCurrency = true) =>
    [
        Value("--amount", "A", "the amount"),
        Value("--key", "K", "idempotency key: the same key twice posts once (one is made and printed when missing)"),
        Value("--reference", "R", "a reference kept with the entry"),
        Value("--note", "N", "a note kept with the entry"),
        .. withCurrency ? [Currency()] : Array.Empty<Option>(),
    ];

    private static Argument<string> Word(string name, string description, ArgumentArity? arity = null) =>
        new(name) { Description = description, Arity = arity ?? ArgumentArity.ExactlyOne };

    private static Argument<string[]> Words(string name, string description, ArgumentArity arity) =>
        new(name) { Description = description, Arity = arity };

    private static Argument<string> Customer() => Word("CUSTOMER", "an id, or an email, code or phone that finds exactly one customer");

    private static Argument<string> Reference() => Word("REF", "the POS's ticket reference");

    /// <summary>A command that runs the CLI with what was parsed for it.</summary>
    private sealed class RunningCommand : Command
    {
        public RunningCommand(string name, string description, Func<CommandLine, CancellationToken, Task<int>> run, params Symbol[] symbols)
            : base(name, description)
        {
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case Option option:
                        Options.Add(option);
                        break;
                    case Argument argument:
                        Arguments.Add(argument);
                        break;
                }
            }

            SetAction((parsed, cancellationToken) => run(CommandLine.From(parsed), cancellationToken));
        }
    }

    /// <summary>The generated help, and on the root the notes no list can say.</summary>
    private sealed class HelpWithNotes(HelpAction generated) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            generated.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(Notes);
            }

            return 0;
        }
    }
}
