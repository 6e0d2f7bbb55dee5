using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCore.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.Sample.Console;

/// <summary>What every command needs: the container, the merchant, and where to write.</summary>
internal sealed class CliContext(IServiceProvider services, MerchantId merchant, bool json, TextWriter output, TextWriter errors)
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

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Prints a failed result: errors to stderr for a person, or one JSON object on stdout.</summary>
    public int Fail(OperationResult result, IReadOnlyList<CustomerMatch>? candidates = null)
    {
        if (Json)
        {
            WriteJson(new
            {
                succeeded = false,
                errors = result.Errors.Select(e => new { code = e.Code, message = e.Description, field = e.Field }),
                candidates = (candidates ?? []).Select(CustomerView.From),
            });
        }
        else
        {
            foreach (var error in result.Errors)
            {
                Err.WriteLine(error.Field is null ? $"error: {error.Description} [{error.Code}]" : $"error: {error.Field}: {error.Description} [{error.Code}]");
            }

            foreach (var candidate in candidates ?? [])
            {
                Err.WriteLine($"  possible duplicate: {CustomerView.From(candidate).Describe()}");
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
