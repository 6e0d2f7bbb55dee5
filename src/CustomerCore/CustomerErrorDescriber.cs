using System.Globalization;

namespace CustomerCore;

/// <summary>
/// Builds the <see cref="CustomerError"/> values the services return. Messages come in English, Spanish and German,
/// chosen from <see cref="CultureInfo.CurrentUICulture"/>. Override a method to change a message without touching
/// the services; new errors are added as new virtual methods, so existing overrides keep compiling.
/// </summary>
public partial class CustomerErrorDescriber
{
    private static readonly Dictionary<string, Dictionary<string, string>> Templates = new()
    {
        ["en"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' is required.",
            ["policy"] = "Enter at least one of: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' must be at most {1} characters.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' is not a valid email address.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' looks like a payment card number. Card numbers must never be stored.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' has an invalid value: {1}",
            [CustomerErrorCodes.DuplicateEmail] = "Another customer already uses this email address.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Another customer already uses this customer code.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} existing customer(s) look like the same person. Review them or create anyway.",
            [CustomerErrorCodes.VersionConflict] = "The customer was changed by someone else. Reload and try again.",
            [CustomerErrorCodes.NotFound] = "The {0} was not found.",
            [CustomerErrorCodes.Forbidden] = "You do not have the '{0}' permission.",
        },
        ["es"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' es obligatorio.",
            ["policy"] = "Introduzca al menos uno de: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' debe tener como máximo {1} caracteres.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' no es una dirección de correo electrónico válida.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' parece un número de tarjeta de pago. Nunca se deben guardar números de tarjeta.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' tiene un valor no válido: {1}",
            [CustomerErrorCodes.DuplicateEmail] = "Otro cliente ya utiliza esta dirección de correo electrónico.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Otro cliente ya utiliza este código de cliente.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} cliente(s) existente(s) parecen la misma persona. Revíselos o créelo de todos modos.",
            [CustomerErrorCodes.VersionConflict] = "Otra persona ha modificado el cliente. Vuelva a cargarlo e inténtelo de nuevo.",
            [CustomerErrorCodes.NotFound] = "No se encontró {0}.",
            [CustomerErrorCodes.Forbidden] = "No tiene el permiso '{0}'.",
        },
        ["de"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' ist erforderlich.",
            ["policy"] = "Geben Sie mindestens eines davon an: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' darf höchstens {1} Zeichen lang sein.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' ist keine gültige E-Mail-Adresse.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' sieht wie eine Kartennummer aus. Kartennummern dürfen nie gespeichert werden.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' hat einen ungültigen Wert: {1}",
            [CustomerErrorCodes.DuplicateEmail] = "Ein anderer Kunde verwendet diese E-Mail-Adresse bereits.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Ein anderer Kunde verwendet diese Kundennummer bereits.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} vorhandene(r) Kunde(n) scheinen dieselbe Person zu sein. Prüfen Sie sie oder legen Sie trotzdem an.",
            [CustomerErrorCodes.VersionConflict] = "Der Kunde wurde zwischenzeitlich geändert. Bitte neu laden und erneut versuchen.",
            [CustomerErrorCodes.NotFound] = "{0} wurde nicht gefunden.",
            [CustomerErrorCodes.Forbidden] = "Ihnen fehlt die Berechtigung '{0}'.",
        },
    };

    /// <summary>A required field is empty.</summary>
    public virtual CustomerError Required(string field) => Make(CustomerErrorCodes.Required, field, field);

    /// <summary>The merchant's required-field policy is not met.</summary>
    public virtual CustomerError RequiredFieldPolicyNotMet(IEnumerable<string> anyOf) =>
        new(CustomerErrorCodes.Required, Format("policy", string.Join(", ", anyOf)));

    /// <summary>A value exceeds its length limit.</summary>
    public virtual CustomerError TooLong(string field, int maxLength) => Make(CustomerErrorCodes.TooLong, field, field, maxLength);

    /// <summary>An email address is malformed.</summary>
    public virtual CustomerError InvalidEmail(string field) => Make(CustomerErrorCodes.InvalidEmail, field, field);

    /// <summary>A free-text value contains what looks like a payment card number.</summary>
    public virtual CustomerError CardNumberDetected(string field) => Make(CustomerErrorCodes.CardNumberDetected, field, field);

    /// <summary>A value is outside its accepted range or format.</summary>
    public virtual CustomerError InvalidValue(string field, string reason) => Make(CustomerErrorCodes.InvalidValue, field, field, reason);

    /// <summary>The email is already used by another customer of the merchant.</summary>
    public virtual CustomerError DuplicateEmail() => Make(CustomerErrorCodes.DuplicateEmail, "Email");

    /// <summary>The customer code is already used by another customer of the merchant.</summary>
    public virtual CustomerError DuplicateCustomerCode() => Make(CustomerErrorCodes.DuplicateCustomerCode, "CustomerCode");

    /// <summary>Existing customers look like the one being created.</summary>
    public virtual CustomerError PossibleDuplicate(int candidateCount) => Make(CustomerErrorCodes.PossibleDuplicate, null, candidateCount);

    /// <summary>The record changed since the caller read it.</summary>
    public virtual CustomerError VersionConflict() => Make(CustomerErrorCodes.VersionConflict, null);

    /// <summary>No record with the id exists for the merchant.</summary>
    public virtual CustomerError NotFound(string what = "customer") => Make(CustomerErrorCodes.NotFound, null, what);

    /// <summary>The acting user lacks a permission.</summary>
    public virtual CustomerError Forbidden(string permission) => Make(CustomerErrorCodes.Forbidden, null, permission);

    /// <summary>Builds an error for <paramref name="code"/> from the message table of the current UI culture.</summary>
    protected CustomerError Make(string code, string? field, params object?[] args) => new(code, Format(code, args), field);

    /// <summary>Formats the template stored under <paramref name="key"/> in the current UI culture's language.</summary>
    protected static string Format(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var table = Templates.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? Templates["en"];
        var template = table.GetValueOrDefault(key) ?? Templates["en"][key];
        return string.Format(culture, template, args);
    }
}
