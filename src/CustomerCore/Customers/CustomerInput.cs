using CustomerCore.Privacy;

namespace CustomerCore.Customers;

/// <summary>
/// The editable fields of a customer, as a person or another system supplies them. On update every field replaces
/// the stored one (read the customer, change what you need, send it back with the version you read).
/// </summary>
public sealed record CustomerInput
{
    /// <summary>Given name.</summary>
    public string? FirstName { get; init; }
    /// <summary>Family name.</summary>
    public string? LastName { get; init; }
    /// <summary>Name to show when it differs from first + last.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Company.</summary>
    public string? CompanyName { get; init; }
    /// <summary>Email address.</summary>
    public string? Email { get; init; }
    /// <summary>Main phone in any format.</summary>
    public string? Phone { get; init; }
    /// <summary>Second phone in any format.</summary>
    public string? SecondaryPhone { get; init; }
    /// <summary>First address line.</summary>
    public string? AddressLine1 { get; init; }
    /// <summary>Second address line.</summary>
    public string? AddressLine2 { get; init; }
    /// <summary>House number or name.</summary>
    public string? HouseNumber { get; init; }
    /// <summary>City.</summary>
    public string? City { get; init; }
    /// <summary>State, county or province.</summary>
    public string? Region { get; init; }
    /// <summary>Postal code.</summary>
    public string? PostalCode { get; init; }
    /// <summary>Country.</summary>
    public string? Country { get; init; }
    /// <summary>The merchant's own customer reference.</summary>
    public string? CustomerCode { get; init; }
    /// <summary>Birthday.</summary>
    public DateOnly? Birthday { get; init; }
    /// <summary>Staff note.</summary>
    public string? Note { get; init; }
    /// <summary>Labels.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>Named preferences (at most <see cref="CustomerFieldLimits.MaxPreferences"/>); null or empty for none.</summary>
    public IReadOnlyList<CustomerPreference>? Preferences { get; init; }
    /// <summary>An email marketing decision captured with this change, or null when the customer was not asked.</summary>
    public ConsentInput? EmailConsent { get; init; }
    /// <summary>An SMS marketing decision captured with this change, or null when the customer was not asked.</summary>
    public ConsentInput? SmsConsent { get; init; }
    /// <summary>Where this change was captured; recorded with any consent decision.</summary>
    public ConsentSource Source { get; init; } = ConsentSource.Api;

    /// <summary>Copies the editable fields of an existing customer, as the starting point of an update.</summary>
    public static CustomerInput From(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerInput
        {
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            DisplayName = customer.DisplayName,
            CompanyName = customer.CompanyName,
            Email = customer.Email,
            Phone = customer.Phone,
            SecondaryPhone = customer.SecondaryPhone,
            AddressLine1 = customer.AddressLine1,
            AddressLine2 = customer.AddressLine2,
            HouseNumber = customer.HouseNumber,
            City = customer.City,
            Region = customer.Region,
            PostalCode = customer.PostalCode,
            Country = customer.Country,
            CustomerCode = customer.CustomerCode,
            Birthday = customer.Birthday,
            Note = customer.Note,
            Tags = customer.Tags,
            Preferences = customer.Preferences,
        };
    }
}
