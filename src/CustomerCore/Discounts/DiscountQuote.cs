namespace CustomerCore.Discounts;

/// <summary>Where a quoted discount came from.</summary>
public enum DiscountSource
{
    /// <summary>No discount applies.</summary>
    None = 0,
    /// <summary>The customer's personal discount.</summary>
    Personal = 1,
    /// <summary>The discount of the customer's group.</summary>
    Group = 2,
}

/// <summary>Why the quoted discount was chosen.</summary>
public enum DiscountQuoteReason
{
    /// <summary>Neither the customer nor their group has a discount.</summary>
    NoDiscount = 0,
    /// <summary>Only the customer has a discount.</summary>
    OnlyPersonal = 1,
    /// <summary>Only the customer's group has a discount.</summary>
    OnlyGroup = 2,
    /// <summary>Both have one and the merchant's precedence is <see cref="DiscountPrecedence.PersonalWins"/>.</summary>
    PersonalWinsByPolicy = 3,
    /// <summary>Both have one and, under <see cref="DiscountPrecedence.BestForCustomer"/>, this one gives more (ties go to personal).</summary>
    LargerForCustomer = 4,
}

/// <summary>The discount for one ticket subtotal, and how it was decided.</summary>
/// <param name="Subtotal">The subtotal quoted for.</param>
/// <param name="Amount">The amount off, rounded to the currency's minor unit and never more than <paramref name="Subtotal"/>.</param>
/// <param name="Source">Which rule produced the amount.</param>
/// <param name="Reason">Why that rule was chosen.</param>
/// <param name="AppliedDiscount">The discount applied; null when <paramref name="Source"/> is <see cref="DiscountSource.None"/>.</param>
/// <param name="GroupId">The customer's group, if any.</param>
/// <param name="CappedAtSubtotal">Whether the discount was larger than the subtotal and was cut down to it.</param>
public sealed record DiscountQuote(
    Money Subtotal,
    Money Amount,
    DiscountSource Source,
    DiscountQuoteReason Reason,
    Discount? AppliedDiscount,
    Guid? GroupId,
    bool CappedAtSubtotal)
{
    /// <summary>The subtotal after the discount.</summary>
    public Money Total => Subtotal - Amount;
}
