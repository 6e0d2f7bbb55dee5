namespace CustomerCore;

/// <summary>An expected failure: a stable machine-readable code plus a human message in the caller's language.</summary>
/// <param name="Code">A stable code from <see cref="CustomerErrorCodes"/>; safe to switch on.</param>
/// <param name="Description">A message for a person, localized through <see cref="CustomerErrorDescriber"/>.</param>
/// <param name="Field">The input field the error is about, when there is one (for example <c>Email</c>).</param>
public sealed record CustomerError(string Code, string Description, string? Field = null);

/// <summary>The stable error codes returned in <see cref="CustomerError.Code"/>.</summary>
public static partial class CustomerErrorCodes
{
    /// <summary>A required value is missing or the required-field policy is not met.</summary>
    public const string Required = "required";
    /// <summary>A value is longer than its limit.</summary>
    public const string TooLong = "too_long";
    /// <summary>An email address is not well formed.</summary>
    public const string InvalidEmail = "invalid_email";
    /// <summary>A free-text value looks like a payment card number.</summary>
    public const string CardNumberDetected = "card_number_detected";
    /// <summary>A value is outside the accepted range or format.</summary>
    public const string InvalidValue = "invalid_value";
    /// <summary>Another customer of the merchant already has this email.</summary>
    public const string DuplicateEmail = "duplicate_email";
    /// <summary>Another customer of the merchant already has this customer code.</summary>
    public const string DuplicateCustomerCode = "duplicate_customer_code";
    /// <summary>Likely duplicates exist; the caller may insist on creating.</summary>
    public const string PossibleDuplicate = "possible_duplicate";
    /// <summary>The record changed since the caller read it.</summary>
    public const string VersionConflict = "version_conflict";
    /// <summary>No record with this id exists for the merchant.</summary>
    public const string NotFound = "not_found";
    /// <summary>The acting user lacks the permission the operation needs.</summary>
    public const string Forbidden = "forbidden";
}
