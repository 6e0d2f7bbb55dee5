using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Importing;

/// <summary>
/// The spreadsheet format shared by <see cref="CustomerImporter"/> and <see cref="Exporting.CustomerExporter"/>:
/// canonical headers, the clear token, consent values and the formula guard. See docs/import-format.md.
/// </summary>
public static class CustomerCsvFormat
{
    /// <summary>A cell holding exactly this text (case ignored) empties the field; a blank cell keeps the stored value.</summary>
    public const string ClearToken = "#CLEAR";

    /// <summary>Written in a consent column for a customer who opted in; read with its synonyms.</summary>
    public const string OptedIn = "opted_in";

    /// <summary>Written in a consent column for a customer who opted out; read with its synonyms.</summary>
    public const string OptedOut = "opted_out";

    /// <summary>The character put in front of a text cell that a spreadsheet would run as a formula.</summary>
    public const char FormulaGuard = '\'';

    private static readonly string[] Headers =
    [
        "First Name", "Last Name", "Display Name", "Company", "Email", "Phone", "Secondary Phone",
        "Address Line 1", "Address Line 2", "House Number", "City", "Region", "Postal Code", "Country",
        "Customer Code", "Birthday", "Note", "Tags", "Email Marketing", "SMS Marketing", "Preferences",
    ];

    /// <summary>The canonical headers, in template order (one per <see cref="CustomerImportField"/>).</summary>
    public static IReadOnlyList<string> CanonicalHeaders => Headers;

    /// <summary>The canonical header of a field.</summary>
    public static string HeaderOf(CustomerImportField field) => Headers[(int)field];

    /// <summary>The template's header line, comma-separated, without a line break.</summary>
    public static string TemplateHeaderLine => string.Join(',', Headers);

    /// <summary>
    /// Whether a text value needs <see cref="FormulaGuard"/> in front of it: it starts (after any apostrophes already
    /// there) with <c>= + - @</c>, a tab or a carriage return, or it is the clear token. E.164 phone numbers and plain
    /// numbers are exempt, so they stay exactly as they are.
    /// </summary>
    public static bool NeedsFormulaGuard(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsE164(value) || IsPlainNumber(value))
        {
            return false;
        }

        var rest = value.AsSpan().TrimStart(FormulaGuard);
        if (rest.Length > 0 && rest[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            return true;
        }

        return rest.Equals(ClearToken, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The value as a spreadsheet cell: guarded when <see cref="NeedsFormulaGuard"/> says so.</summary>
    public static string GuardCell(string value) => NeedsFormulaGuard(value) ? FormulaGuard + value : value;

    /// <summary>Undoes <see cref="GuardCell"/>: removes one leading apostrophe when the rest would have needed the guard.</summary>
    public static string UnguardCell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == FormulaGuard && NeedsGuardAfterApostrophes(value.AsSpan(1)) ? value[1..] : value;
    }

    private static bool NeedsGuardAfterApostrophes(ReadOnlySpan<char> value)
    {
        var rest = value.TrimStart(FormulaGuard);
        return (rest.Length > 0 && rest[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            || rest.Equals(ClearToken, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the value is a phone number in strict E.164 form (<c>+</c> and 8 to 15 digits).</summary>
    public static bool IsE164(string value)
    {
        if (value.Length is < 9 or > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        foreach (var c in value.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainNumber(string value)
    {
        var unsigned = value.AsSpan(value.Length > 0 && value[0] is '-' or '+' ? 1 : 0);
        var dot = unsigned.IndexOf('.');
        var whole = dot < 0 ? unsigned : unsigned[..dot];
        var fraction = dot < 0 ? "0".AsSpan() : unsigned[(dot + 1)..];
        return whole.Length is > 0 and <= 30 && fraction.Length > 0
            && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The text written in a consent column for a status (blank for <see cref="ConsentStatus.Unknown"/>).</summary>
    public static string ConsentText(ConsentStatus status) => status switch
    {
        ConsentStatus.OptedIn => OptedIn,
        ConsentStatus.OptedOut => OptedOut,
        _ => string.Empty,
    };

    /// <summary>Reads a consent cell: <c>opted_in</c>, <c>yes</c>, <c>true</c>, <c>1</c>, <c>subscribed</c>, <c>sí</c>, <c>ja</c> …
    /// and their opposites. Returns false when the text is not one of them.</summary>
    public static bool TryParseConsent(string text, out ConsentStatus status)
    {
        var key = CustomerImportHeaders.Key(text);
        status = key switch
        {
            "optedin" or "optin" or "yes" or "y" or "true" or "1" or "subscribed" or "si" or "ja" or "x" or "accepted" or "granted" => ConsentStatus.OptedIn,
            "optedout" or "optout" or "no" or "n" or "false" or "0" or "unsubscribed" or "nein" or "notsubscribed" or "declined" or "withdrawn" => ConsentStatus.OptedOut,
            _ => ConsentStatus.Unknown,
        };
        return status != ConsentStatus.Unknown;
    }

    /// <summary>Reads a birthday: ISO <c>yyyy-MM-dd</c> (what export writes), <c>yyyy/MM/dd</c>, <c>dd.MM.yyyy</c>, and
    /// <c>dd/MM/yyyy</c> (or <c>MM/dd/yyyy</c> for merchants in the US).</summary>
    public static bool TryParseBirthday(string text, string region, out DateOnly birthday)
    {
        string[] formats = string.Equals(region, "US", StringComparison.OrdinalIgnoreCase)
            ? ["yyyy-MM-dd", "yyyy/MM/dd", "d.M.yyyy", "M/d/yyyy"]
            : ["yyyy-MM-dd", "yyyy/MM/dd", "d.M.yyyy", "d/M/yyyy"];
        return DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out birthday);
    }

    /// <summary>Splits a tags cell on commas.</summary>
    public static IReadOnlyList<string> SplitTags(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Joins tags for a tags cell.</summary>
    public static string JoinTags(IEnumerable<string> tags) => string.Join(", ", tags);

    /// <summary>Joins preferences for a preferences cell: <c>name: value</c> pairs separated by <c>"; "</c>.</summary>
    public static string JoinPreferences(IEnumerable<CustomerPreference> preferences) =>
        string.Join("; ", preferences.Select(p => p.Name + ": " + p.Value));

    /// <summary>
    /// Reads a preferences cell written by <see cref="JoinPreferences"/>: entries split on ';', each split at its first
    /// ':' (so a value may contain ':'), blanks around both trimmed. False when an entry has no ':' or an empty side.
    /// </summary>
    public static bool TryParsePreferences(string text, out IReadOnlyList<CustomerPreference> preferences)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<CustomerPreference>();
        preferences = parsed;
        foreach (var entry in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? string.Empty : entry[..colon].Trim();
            var value = colon < 0 ? string.Empty : entry[(colon + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
            {
                return false;
            }

            parsed.Add(new CustomerPreference(name, value));
        }

        return true;
    }

    /// <summary>The value of a field on a customer, as export writes it and the importer compares it.</summary>
    internal static string? ValueOf(Customer customer, CustomerImportField field) => field switch
    {
        CustomerImportField.FirstName => customer.FirstName,
        CustomerImportField.LastName => customer.LastName,
        CustomerImportField.DisplayName => customer.DisplayName,
        CustomerImportField.CompanyName => customer.CompanyName,
        CustomerImportField.Email => customer.Email,
        CustomerImportField.Phone => customer.Phone,
        CustomerImportField.SecondaryPhone => customer.SecondaryPhone,
        CustomerImportField.AddressLine1 => customer.AddressLine1,
        CustomerImportField.AddressLine2 => customer.AddressLine2,
        CustomerImportField.HouseNumber => customer.HouseNumber,
        CustomerImportField.City => customer.City,
        CustomerImportField.Region => customer.Region,
        CustomerImportField.PostalCode => customer.PostalCode,
        CustomerImportField.Country => customer.Country,
        CustomerImportField.CustomerCode => customer.CustomerCode,
        CustomerImportField.Birthday => customer.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CustomerImportField.Note => customer.Note,
        CustomerImportField.Tags => customer.Tags.Count == 0 ? null : JoinTags(customer.Tags),
        CustomerImportField.EmailMarketing => NullIfEmpty(ConsentText(customer.EmailConsent.Status)),
        CustomerImportField.SmsMarketing => NullIfEmpty(ConsentText(customer.SmsConsent.Status)),
        CustomerImportField.Preferences => customer.Preferences.Count == 0 ? null : JoinPreferences(customer.Preferences),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
