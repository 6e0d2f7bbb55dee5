using System.Text;
using CustomerCore.Customers;

namespace CustomerCore.Importing;

/// <summary>
/// Recognises the column headers of the canonical template, of the customer exports of Square, Shopify and Loyverse,
/// of common generic address-book exports, and their Spanish and German names. Matching ignores case, accents,
/// spaces and punctuation. The full list is in docs/import-format.md.
/// </summary>
public static class CustomerImportHeaders
{
    private static readonly Dictionary<string, CustomerImportField> Aliases = BuildAliases();

    // Read-only columns other systems export (statistics, system ids): recognised, deliberately not imported.
    private static readonly HashSet<string> KnownIgnored = new(new[]
    {
        "Square Customer ID", "Creation Source", "First Visit", "Last Visit", "Transaction Count", "Lifetime Spend",
        "Instant Profile", "Total Spent", "Total Orders", "Tax Exempt", "Customer ID", "Total visits", "Points balance",
        "Subscription Date", "Website", "Groups", "Customer group",
        "Gasto total", "Visitas totales", "Primera visita", "Última visita", "Saldo de puntos", "Sitio web",
        "Gesamtumsatz", "Besuche", "Erster Besuch", "Letzter Besuch", "Punktestand", "Webseite",
    }.Select(Key));

    /// <summary>Every header that maps to a field, with the field (canonical headers included).</summary>
    public static IReadOnlyDictionary<string, CustomerImportField> All => Aliases;

    /// <summary>The field a header maps to, or null when the header is not recognised.</summary>
    public static CustomerImportField? FieldOf(string header) =>
        Aliases.TryGetValue(Key(header), out var field) ? field : null;

    /// <summary>Whether the header is a read-only column of a known system (statistics, ids) that import ignores on purpose.</summary>
    public static bool IsKnownIgnored(string header) => KnownIgnored.Contains(Key(header));

    /// <summary>The matching key of a header or value: accents removed, lower case, letters and digits only.</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = TextNormalizer.FoldAccents(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Dictionary<string, CustomerImportField> BuildAliases()
    {
        var map = new Dictionary<string, CustomerImportField>(StringComparer.Ordinal);
        void Add(CustomerImportField field, params string[] headers)
        {
            foreach (var header in headers)
            {
                map.TryAdd(Key(header), field);
            }
        }

        foreach (var field in Enum.GetValues<CustomerImportField>())
        {
            Add(field, CustomerCsvFormat.HeaderOf(field), field.ToString());
        }

        // Square
        Add(CustomerImportField.LastName, "Surname");
        Add(CustomerImportField.Email, "Email Address");
        Add(CustomerImportField.Phone, "Phone Number");
        Add(CustomerImportField.DisplayName, "Nickname");
        Add(CustomerImportField.CompanyName, "Company Name");
        Add(CustomerImportField.AddressLine1, "Street Address 1");
        Add(CustomerImportField.AddressLine2, "Street Address 2");
        Add(CustomerImportField.Region, "State");
        Add(CustomerImportField.Note, "Memo");
        Add(CustomerImportField.CustomerCode, "Reference ID");
        Add(CustomerImportField.EmailMarketing, "Email Subscription Status");

        // Shopify (current and older exports)
        Add(CustomerImportField.EmailMarketing, "Accepts Email Marketing", "Accepts Marketing");
        Add(CustomerImportField.SmsMarketing, "Accepts SMS Marketing");
        Add(CustomerImportField.CompanyName, "Default Address Company");
        Add(CustomerImportField.AddressLine1, "Default Address Address1", "Address1");
        Add(CustomerImportField.AddressLine2, "Default Address Address2", "Address2");
        Add(CustomerImportField.City, "Default Address City");
        Add(CustomerImportField.Region, "Default Address Province Code", "Province Code", "Province");
        Add(CustomerImportField.Country, "Default Address Country Code", "Country Code");
        Add(CustomerImportField.PostalCode, "Default Address Zip", "Zip");
        Add(CustomerImportField.SecondaryPhone, "Default Address Phone");

        // Loyverse
        Add(CustomerImportField.DisplayName, "Customer name");
        Add(CustomerImportField.AddressLine1, "Address");
        Add(CustomerImportField.Region, "Province / State", "State / Province");
        Add(CustomerImportField.PostalCode, "Postal code", "Postcode", "ZIP code");
        Add(CustomerImportField.CustomerCode, "Customer code");
        Add(CustomerImportField.Note, "Note", "Notes", "Comment");

        // Generic address-book exports
        Add(CustomerImportField.Phone, "Phone 1", "Mobile", "Mobile Phone", "Telephone", "Tel");
        Add(CustomerImportField.SecondaryPhone, "Phone 2", "Other Phone", "Home Phone", "Work Phone");
        Add(CustomerImportField.Email, "E-mail", "Email 1", "E-mail Address", "Mail");
        Add(CustomerImportField.FirstName, "Given Name", "Forename");
        Add(CustomerImportField.LastName, "Family Name");
        Add(CustomerImportField.CompanyName, "Organization", "Organisation");
        Add(CustomerImportField.Birthday, "Date of Birth", "DOB", "Birth Date");
        Add(CustomerImportField.Region, "County", "Province/State");
        Add(CustomerImportField.Tags, "Labels");
        Add(CustomerImportField.Preferences, "Customer Preferences");

        // Spanish
        Add(CustomerImportField.FirstName, "Nombre");
        Add(CustomerImportField.LastName, "Apellido", "Apellidos");
        Add(CustomerImportField.DisplayName, "Nombre para mostrar", "Nombre del cliente", "Alias");
        Add(CustomerImportField.CompanyName, "Empresa", "Compañía", "Razón social");
        Add(CustomerImportField.Email, "Correo electrónico", "Correo", "Email del cliente");
        Add(CustomerImportField.Phone, "Teléfono", "Teléfono 1", "Móvil");
        Add(CustomerImportField.SecondaryPhone, "Teléfono 2", "Teléfono secundario", "Otro teléfono");
        Add(CustomerImportField.AddressLine1, "Dirección", "Dirección 1", "Calle");
        Add(CustomerImportField.AddressLine2, "Dirección 2");
        Add(CustomerImportField.HouseNumber, "Número", "Número de casa");
        Add(CustomerImportField.City, "Ciudad", "Población", "Localidad");
        Add(CustomerImportField.Region, "Provincia", "Región", "Estado");
        Add(CustomerImportField.PostalCode, "Código postal", "CP");
        Add(CustomerImportField.Country, "País");
        Add(CustomerImportField.CustomerCode, "Código de cliente", "Código cliente", "Referencia");
        Add(CustomerImportField.Birthday, "Fecha de nacimiento", "Cumpleaños");
        Add(CustomerImportField.Note, "Nota", "Notas", "Comentario");
        Add(CustomerImportField.Tags, "Etiquetas");
        Add(CustomerImportField.Preferences, "Preferencias");
        Add(CustomerImportField.EmailMarketing, "Marketing por correo", "Acepta marketing por correo", "Boletín");
        Add(CustomerImportField.SmsMarketing, "Marketing por SMS", "Acepta marketing por SMS");

        // German
        Add(CustomerImportField.FirstName, "Vorname");
        Add(CustomerImportField.LastName, "Nachname", "Familienname");
        Add(CustomerImportField.DisplayName, "Anzeigename", "Kundenname");
        Add(CustomerImportField.CompanyName, "Firma", "Unternehmen", "Firmenname");
        Add(CustomerImportField.Email, "E-Mail", "E-Mail-Adresse", "Mailadresse");
        Add(CustomerImportField.Phone, "Telefon", "Telefonnummer", "Telefon 1", "Mobil", "Handy");
        Add(CustomerImportField.SecondaryPhone, "Telefon 2", "Zweittelefon", "Weitere Telefonnummer");
        Add(CustomerImportField.AddressLine1, "Straße", "Strasse", "Adresse", "Adresszeile 1");
        Add(CustomerImportField.AddressLine2, "Adresszeile 2", "Adresszusatz");
        Add(CustomerImportField.HouseNumber, "Hausnummer", "Hausnr");
        Add(CustomerImportField.City, "Ort", "Stadt", "Wohnort");
        Add(CustomerImportField.Region, "Bundesland", "Region", "Kanton");
        Add(CustomerImportField.PostalCode, "PLZ", "Postleitzahl");
        Add(CustomerImportField.Country, "Land");
        Add(CustomerImportField.CustomerCode, "Kundennummer", "Kunden-Nr", "Kundennr");
        Add(CustomerImportField.Birthday, "Geburtstag", "Geburtsdatum");
        Add(CustomerImportField.Note, "Notiz", "Bemerkung", "Anmerkung");
        Add(CustomerImportField.Tags, "Schlagwörter", "Stichwörter");
        Add(CustomerImportField.Preferences, "Präferenzen", "Vorlieben");
        Add(CustomerImportField.EmailMarketing, "E-Mail-Marketing", "Newsletter", "E-Mail-Werbung");
        Add(CustomerImportField.SmsMarketing, "SMS-Marketing", "SMS-Werbung");
        return map;
    }
}
