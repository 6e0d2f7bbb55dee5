namespace CustomerCore.Importing;

/// <summary>The customer fields a spreadsheet column can fill. The order is the order of the canonical template.</summary>
public enum CustomerImportField
{
    /// <summary>Given name.</summary>
    FirstName,
    /// <summary>Family name.</summary>
    LastName,
    /// <summary>Name to show when it differs from first + last.</summary>
    DisplayName,
    /// <summary>Company.</summary>
    CompanyName,
    /// <summary>Email; the key rows are merged by.</summary>
    Email,
    /// <summary>Main phone, any format.</summary>
    Phone,
    /// <summary>Second phone, any format.</summary>
    SecondaryPhone,
    /// <summary>First address line.</summary>
    AddressLine1,
    /// <summary>Second address line.</summary>
    AddressLine2,
    /// <summary>House number or name.</summary>
    HouseNumber,
    /// <summary>City or town.</summary>
    City,
    /// <summary>State, county or province.</summary>
    Region,
    /// <summary>Postal code.</summary>
    PostalCode,
    /// <summary>Country.</summary>
    Country,
    /// <summary>The merchant's own customer reference.</summary>
    CustomerCode,
    /// <summary>Birthday (ISO <c>yyyy-MM-dd</c> preferred).</summary>
    Birthday,
    /// <summary>Staff note.</summary>
    Note,
    /// <summary>Comma-separated labels.</summary>
    Tags,
    /// <summary>Email marketing consent (<c>opted_in</c>, <c>opted_out</c> or blank).</summary>
    EmailMarketing,
    /// <summary>SMS marketing consent (<c>opted_in</c>, <c>opted_out</c> or blank).</summary>
    SmsMarketing,
    /// <summary>Named preferences as <c>name: value</c> pairs separated by <c>;</c> (<c>size: M; receipt: email</c>).</summary>
    Preferences,
}
