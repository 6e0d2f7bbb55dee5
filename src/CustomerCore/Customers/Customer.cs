using CustomerCore.Discounts;
using CustomerCore.Privacy;

namespace CustomerCore.Customers;

/// <summary>
/// A customer of one merchant. Services set every field, including the normalized ones; stores persist it as given.
/// </summary>
public sealed class Customer
{
    /// <summary>Identifies the customer (a time-ordered version 7 GUID).</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant that owns the customer.</summary>
    public MerchantId MerchantId { get; set; }

    /// <summary>Given name.</summary>
    public string? FirstName { get; set; }
    /// <summary>Family name (surname).</summary>
    public string? LastName { get; set; }
    /// <summary>How the customer is shown on receipts and screens when it differs from first + last name.</summary>
    public string? DisplayName { get; set; }
    /// <summary>Company the customer buys for.</summary>
    public string? CompanyName { get; set; }

    /// <summary>Email as entered (trimmed).</summary>
    public string? Email { get; set; }
    /// <summary>Lower-cased email; unique per merchant.</summary>
    public string? NormalizedEmail { get; set; }

    /// <summary>Main phone exactly as entered (trimmed).</summary>
    public string? Phone { get; set; }
    /// <summary>Main phone in E.164, or null when it could not be parsed (then <see cref="PhoneNeedsReview"/> is true).</summary>
    public string? PhoneE164 { get; set; }
    /// <summary>The main phone's digits reversed, for "last digits" lookups.</summary>
    public string? PhoneDigitsReversed { get; set; }
    /// <summary>Second phone exactly as entered.</summary>
    public string? SecondaryPhone { get; set; }
    /// <summary>Second phone in E.164, when valid.</summary>
    public string? SecondaryPhoneE164 { get; set; }

    /// <summary>First address line (street).</summary>
    public string? AddressLine1 { get; set; }
    /// <summary>Second address line.</summary>
    public string? AddressLine2 { get; set; }
    /// <summary>House number or name.</summary>
    public string? HouseNumber { get; set; }
    /// <summary>City or town.</summary>
    public string? City { get; set; }
    /// <summary>State, county or province.</summary>
    public string? Region { get; set; }
    /// <summary>Postal code as entered.</summary>
    public string? PostalCode { get; set; }
    /// <summary>Postal code upper-cased without spaces, for lookups.</summary>
    public string? NormalizedPostalCode { get; set; }
    /// <summary>Country (ISO 3166 code or name, as the merchant uses it).</summary>
    public string? Country { get; set; }

    /// <summary>The merchant's own reference for the customer; unique per merchant when present.</summary>
    public string? CustomerCode { get; set; }
    /// <summary>Upper-cased customer code, for lookups and uniqueness.</summary>
    public string? NormalizedCustomerCode { get; set; }

    /// <summary>Birthday (the year may be a placeholder when unknown).</summary>
    public DateOnly? Birthday { get; set; }
    /// <summary>Staff note; never card numbers or medical data.</summary>
    public string? Note { get; set; }
    /// <summary>The customer group, if any.</summary>
    public Guid? GroupId { get; set; }
    /// <summary>The customer's own discount, if any; set through <see cref="DiscountService.SetPersonalDiscountAsync"/>.</summary>
    public Discount? PersonalDiscount { get; set; }
    /// <summary>Free-form labels.</summary>
    public List<string> Tags { get; set; } = [];
    /// <summary>Named preferences (size, receipt by email…), in the order they were given.</summary>
    public List<CustomerPreference> Preferences { get; set; } = [];

    /// <summary>Email marketing consent.</summary>
    public ConsentState EmailConsent { get; set; } = ConsentState.Unknown;
    /// <summary>SMS marketing consent.</summary>
    public ConsentState SmsConsent { get; set; } = ConsentState.Unknown;

    /// <summary>Lower-cased, accent-free words of the names, for prefix search by name.</summary>
    public List<string> NameTokens { get; set; } = [];

    /// <summary>When the customer was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the customer last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who created the customer.</summary>
    public string? CreatedBy { get; set; }
    /// <summary>Who last changed the customer.</summary>
    public string? UpdatedBy { get; set; }
    /// <summary>When the customer's personal data was erased (right to erasure); null for a normal customer.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    /// <summary>Increases by one on every change; an update names the version it read.</summary>
    public long Version { get; set; }

    /// <summary>Whether a phone was entered that could not be parsed; it is kept raw for staff to fix.</summary>
    public bool PhoneNeedsReview => Phone is not null && PhoneE164 is null;

    /// <summary>The name to show: display name, else first + last, else company, else email.</summary>
    public string Name =>
        DisplayName
        ?? (FirstName is null && LastName is null ? null : $"{FirstName} {LastName}".Trim())
        ?? CompanyName
        ?? Email
        ?? string.Empty;

    /// <summary>A deep copy, so a store never shares mutable state with its callers.</summary>
    public Customer Clone()
    {
        var copy = (Customer)MemberwiseClone();
        copy.Tags = [.. Tags];
        copy.Preferences = [.. Preferences];
        copy.NameTokens = [.. NameTokens];
        return copy;
    }
}
