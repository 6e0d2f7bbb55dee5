namespace CustomerCore.Customers;

/// <summary>The customer fields a required-field policy can name.</summary>
public enum CustomerField
{
    /// <summary>Given name.</summary>
    FirstName,
    /// <summary>Family name.</summary>
    LastName,
    /// <summary>Display name.</summary>
    DisplayName,
    /// <summary>Company.</summary>
    CompanyName,
    /// <summary>Email.</summary>
    Email,
    /// <summary>Main phone.</summary>
    Phone,
    /// <summary>Postal code.</summary>
    PostalCode,
    /// <summary>Customer code.</summary>
    CustomerCode,
}

/// <summary>
/// Which fields a merchant insists on. <see cref="AnyOf"/> means at least one must be filled;
/// <see cref="AllOf"/> means each must be filled.
/// </summary>
public sealed record RequiredFieldPolicy
{
    /// <summary>At least one of these must have a value (empty means no such rule).</summary>
    public IReadOnlyList<CustomerField> AnyOf { get; init; } = [];
    /// <summary>Each of these must have a value.</summary>
    public IReadOnlyList<CustomerField> AllOf { get; init; } = [];

    /// <summary>The default (Loyverse-style): any one of a name, an email or a phone.</summary>
    public static RequiredFieldPolicy AnyOfNameEmailPhone { get; } = new()
    {
        AnyOf = [CustomerField.FirstName, CustomerField.LastName, CustomerField.DisplayName, CustomerField.Email, CustomerField.Phone],
    };

    /// <summary>Only the surname is required (Citrus-Lime style).</summary>
    public static RequiredFieldPolicy SurnameRequired { get; } = new() { AllOf = [CustomerField.LastName] };
}
