namespace CustomerCore;

/// <summary>An expected failure: a stable machine-readable code plus a human message in the caller's language.</summary>
/// <param name="Code">A stable code from <see cref="CustomerErrorCodes"/>; safe to switch on.</param>
/// <param name="Description">A message for a person, localized through <see cref="CustomerErrorDescriber"/>.</param>
/// <param name="Field">The input field the error is about, when there is one (for example <c>Email</c>).</param>
public sealed record CustomerError(string Code, string Description, string? Field = null);

/// <summary>The stable error codes returned in <see cref="CustomerError.Code"/>.</summary>
public static class CustomerErrorCodes
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
    /// <summary>The ticket is linked to another customer; attach with the move option to re-attach it.</summary>
    public const string TicketAlreadyAttached = "ticket_already_attached";
    /// <summary>The ticket was paid longer ago than the merchant allows for attaching a customer afterwards.</summary>
    public const string AttachWindowExpired = "attach_window_expired";
    /// <summary>The reported ticket state cannot follow the recorded one (for example a refunded ticket reopened).</summary>
    public const string InvalidTicketTransition = "invalid_ticket_transition";
    /// <summary>A merge cannot be undone because something changed since (the reason says what).</summary>
    public const string MergeUndoBlocked = "merge_undo_blocked";
}
