namespace CustomerCore.Customers;

/// <summary>
/// The longest value each customer field accepts (trimmed length); longer input fails with
/// <see cref="CustomerErrorCodes.TooLong"/>. Stores size their columns from these.
/// </summary>
public static class CustomerFieldLimits
{
    /// <summary>Longest first, last or display name.</summary>
    public const int NameMaxLength = 100;
    /// <summary>Longest company name.</summary>
    public const int CompanyMaxLength = 200;
    /// <summary>Longest email (RFC 5321 path limit).</summary>
    public const int EmailMaxLength = 254;
    /// <summary>Longest phone as typed.</summary>
    public const int PhoneMaxLength = 32;
    /// <summary>Longest address line, city or region.</summary>
    public const int AddressMaxLength = 200;
    /// <summary>Longest house number or name.</summary>
    public const int HouseNumberMaxLength = 50;
    /// <summary>Longest postal code.</summary>
    public const int PostalCodeMaxLength = 20;
    /// <summary>Longest country.</summary>
    public const int CountryMaxLength = 100;
    /// <summary>Longest customer code.</summary>
    public const int CustomerCodeMaxLength = 64;
    /// <summary>Longest note.</summary>
    public const int NoteMaxLength = 2000;
    /// <summary>Longest tag.</summary>
    public const int TagMaxLength = 50;
    /// <summary>Most tags on one customer.</summary>
    public const int MaxTags = 50;
    /// <summary>Most preferences on one customer.</summary>
    public const int MaxPreferences = 20;
    /// <summary>Longest preference name.</summary>
    public const int PreferenceNameMaxLength = 40;
    /// <summary>Longest preference value.</summary>
    public const int PreferenceValueMaxLength = 200;
}
