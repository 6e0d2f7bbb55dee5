namespace CustomerCore;

/// <summary>An expected failure: a stable machine-readable code plus a human message in the caller's language.</summary>
/// <param name="Code">A stable code from <see cref="CustomerErrorCodes"/>; safe to switch on.</param>
/// <param name="Description">A message for a person, localized through <see cref="CustomerErrorDescriber"/>.</param>
/// <param name="Field">The input field the error is about, when there is one (for example <c>Email</c>).</param>
/// <remarks>
/// A few failures carry what the caller needs to act on them, as a derived error: the customers a create collided
/// with (<see cref="Customers.DuplicateCustomersError"/>), the report of a refused import
/// (<see cref="Importing.ImportRefusedError"/>), the customers blocking an undo
/// (<see cref="Importing.ImportUndoBlockedError"/>). Find them with <see cref="OperationResult.TryGetError{TError}"/>.
/// </remarks>
public record CustomerError(string Code, string Description, string? Field = null);

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
    /// <summary>A text value contains a control character, a text-direction override or a broken character (the message
    /// says which and where); see docs/security.md, "Text hygiene".</summary>
    public const string ControlCharacter = "control_character";
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
    /// <summary>A merge cannot be undone because something changed since (the message says what).</summary>
    public const string MergeUndoBlocked = "merge_undo_blocked";
    /// <summary>A ticket line returns more than it sold.</summary>
    public const string ReturnExceedsQuantity = "return_exceeds_quantity";
    /// <summary>A redemption asks for more loyalty points than the customer has.</summary>
    public const string InsufficientPoints = "insufficient_points";
    /// <summary>Amounts in different currencies were combined.</summary>
    public const string CurrencyMismatch = "currency_mismatch";
    /// <summary>An amount has more decimal places than its currency's minor unit.</summary>
    public const string TooManyDecimals = "too_many_decimals";
    /// <summary>A currency code is not three letters or not an active ISO 4217 code (see <see cref="Iso4217"/>).</summary>
    public const string InvalidCurrency = "invalid_currency";
    /// <summary>A text is not an amount in the one form <see cref="MoneyParser"/> accepts (for example <c>1,5</c> or <c>1e3</c>).</summary>
    public const string InvalidAmount = "invalid_amount";
    /// <summary>An amount is larger than one input or one posting may be (see <see cref="CustomerCoreOptions.MaxPostingAmount"/>).</summary>
    public const string AmountTooLarge = "amount_too_large";
    /// <summary>A posting would take an account's balance over <see cref="CustomerCoreOptions.MaxAccountBalance"/>.</summary>
    public const string BalanceLimitExceeded = "balance_limit_exceeded";
    /// <summary>An amount must be greater than zero.</summary>
    public const string AmountNotPositive = "amount_not_positive";
    /// <summary>A percentage discount is not more than 0 and at most 100.</summary>
    public const string DiscountPercentageOutOfRange = "discount_percentage_out_of_range";
    /// <summary>Another customer group of the merchant has the same name (case ignored).</summary>
    public const string DuplicateGroupName = "duplicate_group_name";
    /// <summary>The customer already has a credit line with the same name (case ignored).</summary>
    public const string DuplicateCreditLineName = "duplicate_credit_line_name";
    /// <summary>A charge would take a credit line over its limit.</summary>
    public const string CreditLimitExceeded = "credit_limit_exceeded";
    /// <summary>The credit line is switched off.</summary>
    public const string CreditLineInactive = "credit_line_inactive";
    /// <summary>The store credit available (balance minus open holds) is less than asked.</summary>
    public const string InsufficientStoreCredit = "insufficient_store_credit";
    /// <summary>The hold was already captured or released.</summary>
    public const string HoldNotOpen = "hold_not_open";
    /// <summary>A payment is larger than the balance owed on the credit line.</summary>
    public const string PaymentExceedsBalance = "payment_exceeds_balance";
    /// <summary>An idempotency key was used before for a different request.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";
}
