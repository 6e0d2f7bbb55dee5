using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCore.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

/// <summary>What every command needs: the container, the merchant, and where to write (with tables when a person reads stdout).</summary>
internal sealed class CliContext(IServiceProvider services, MerchantId merchant, bool json, TextWriter output, TextWriter errors, RichConsole? terminal = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public IServiceProvider Services { get; } = services;
    public MerchantId Merchant { get; } = merchant;
    public bool Json { get; } = json;
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = errors;

    /// <summary>Tables and colour, when stdout is a terminal and the output is not JSON; otherwise null (plain lines).</summary>
    public RichConsole? Terminal { get; } = terminal;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes JSON, or the text for a person.</summary>
    public int Print(object json, string text)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            Out.WriteLine(text);
        }

        return 0;
    }

    /// <summary>
    /// Finds the one customer a command names: by id, or by anything the till search understands (email, code, phone,
    /// name). Several or no matches are a usage error, so a command never acts on a guess.
    /// </summary>
    public async Task<Customer> ResolveCustomerAsync(string text, CancellationToken cancellationToken)
    {
        var customers = Get<CustomerService>();
        if (Guid.TryParse(text, out var id))
        {
            var byId = await customers.GetAsync(Merchant, id, cancellationToken);
            return byId.Succeeded ? byId.Value! : throw new RejectedException($"No customer with id {id}.");
        }

        var found = await customers.SearchAsync(Merchant, new CustomerQuery(text) { Take = 2 }, cancellationToken);
        return found.Value?.Items switch
        {
            [var only] => only.Customer,
            null or [] => throw new RejectedException($"No customer matches '{text}'."),
            _ => throw new RejectedException($"Several customers match '{text}'; use the customer id."),
        };
    }

    /// <summary>
    /// Reads <c>--amount</c> (and <c>--currency</c>, default USD, unless the command already knows the currency) as money,
    /// with the library's parser: <c>12.50</c>, never <c>12,50</c>, <c>1,250.00</c> or <c>1e3</c>. A value it refuses
    /// stops the command before anything is posted (exit code 1, the library's error code in brackets).
    /// </summary>
    public static Money Amount(CommandLine line, string option = "--amount", string? knownCurrency = null)
    {
        var text = line.Option(option) ?? throw new UsageException($"{option} is required.");
        var currency = knownCurrency ?? line.Option("--currency") ?? "USD";
        return Accept(MoneyParser.Parse(text, currency, option, currencyField: "--currency"));
    }

    /// <summary>The value of a parse, or a rejection that carries the library's errors (printed like any failed result).</summary>
    public static T Accept<T>(OperationResult<T> parsed) => parsed.Succeeded ? parsed.Value! : throw new InputRejectedException(parsed.Errors);

    /// <summary>The idempotency key: <c>--key</c>, or a new one (printed, so a retry can reuse it).</summary>
    public Credit.LedgerPostingDetails Posting(CommandLine line)
    {
        var key = line.Option("--key");
        if (key is null)
        {
            key = "cli-" + Guid.CreateVersion7().ToString("N");
            if (!Json)
            {
                Err.WriteLine($"note: no --key given; this posting used key {key}");
            }
        }

        return new Credit.LedgerPostingDetails(key) { Reference = line.Option("--reference"), Note = line.Option("--note"), OverrideReason = line.Option("--override") };
    }

    /// <summary>The positional word at <paramref name="index"/>, or a usage error naming what is missing.</summary>
    public static string Word(CommandLine line, int index, string what) =>
        line.Words.ElementAtOrDefault(index) ?? throw new UsageException($"Missing {what}.");

    /// <summary>The file a command writes to, at position <paramref name="index"/>: a usage error when it is empty or names a folder.</summary>
    public static string OutputFile(CommandLine line, int index, string what) => CheckOutputFile(Word(line, index, what), what);

    /// <summary>A usage error for an output file name that is empty or names a folder, so no write fails half-way.</summary>
    public static string CheckOutputFile(string path, string what) =>
        string.IsNullOrWhiteSpace(path) ? throw new UsageException($"Missing {what}.")
        : Directory.Exists(path) ? throw new UsageException($"'{path}' is a folder; give the name of a file for {what}.")
        : path;

    /// <summary>Prints a failed result: errors to stderr for a person, or one JSON object on stdout.</summary>
    public int Fail(OperationResult result, IReadOnlyList<CustomerMatch>? candidates = null) => Fail(Json, Out, Err, result.Errors, candidates);

    /// <summary>Prints errors the way <see cref="Fail(OperationResult, IReadOnlyList{CustomerMatch}?)"/> does, before a context exists.</summary>
    public static int Fail(bool json, TextWriter output, TextWriter errors, IReadOnlyList<CustomerError> failures, IReadOnlyList<CustomerMatch>? candidates = null)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(
                new
                {
                    succeeded = false,
                    errors = failures.Select(e => new { code = e.Code, message = e.Description, field = e.Field }),
                    candidates = (candidates ?? []).Select(CustomerView.From),
                },
                JsonOptions));
        }
        else
        {
            foreach (var error in failures)
            {
                errors.WriteLine(error.Field is null ? $"error: {error.Description} [{error.Code}]" : $"error: {error.Field}: {error.Description} [{error.Code}]");
            }

            foreach (var candidate in candidates ?? [])
            {
                errors.WriteLine($"  possible duplicate: {CustomerView.From(candidate).Describe()}");
            }
        }

        return 1;
    }
}

/// <summary>The shape a customer has in CLI output (and in <c>--json</c>).</summary>
internal sealed record CustomerView(
    Guid Id,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    string? PhoneAsTyped,
    bool PhoneNeedsReview,
    string? PostalCode,
    string? CustomerCode,
    long Version,
    IReadOnlyList<string> MatchedBy)
{
    public static CustomerView From(Customer c) =>
        new(c.Id, c.FirstName, c.LastName, c.Email, c.PhoneE164 ?? c.Phone, c.Phone, c.PhoneNeedsReview, c.PostalCode, c.CustomerCode, c.Version, []);

    public static CustomerView From(CustomerMatch m) => From(m.Customer) with { MatchedBy = Reasons(m.MatchedBy) };

    public static IReadOnlyList<string> Reasons(MatchReason reasons) =>
        Enum.GetValues<MatchReason>()
            .Where(r => r != MatchReason.None && reasons.HasFlag(r))
            .Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.ToString()))
            .ToList();

    public string Describe()
    {
        var name = $"{FirstName} {LastName}".Trim();
        var parts = new List<string> { name.Length == 0 ? "(no name)" : name };
        if (Email is not null) parts.Add(Email);
        if (Phone is not null) parts.Add(PhoneNeedsReview ? Phone + " (unverified)" : Phone);
        if (PostalCode is not null) parts.Add(PostalCode);
        if (CustomerCode is not null) parts.Add("code " + CustomerCode);
        var text = string.Join(" · ", parts) + $"  [{Id}]";
        return MatchedBy.Count > 0 ? text + "  matched by " + string.Join(", ", MatchedBy) : text;
    }
}
