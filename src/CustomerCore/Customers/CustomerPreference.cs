namespace CustomerCore.Customers;

/// <summary>
/// One named preference of a customer, such as <c>size: M</c> or <c>receipt: email</c>. Names are unique per customer
/// (case ignored) and may not contain ':' or ';'; values may not contain ';' — the characters that separate them in the
/// spreadsheet column (see <see cref="Importing.CustomerCsvFormat.JoinPreferences"/>).
/// </summary>
/// <param name="Name">What the preference is about (1–40 characters).</param>
/// <param name="Value">The customer's choice (1–200 characters).</param>
public sealed record CustomerPreference(string Name, string Value);
