namespace CustomerCore.Discounts;

/// <summary>The pure arithmetic of a discount quote; <see cref="DiscountService"/> loads the inputs and checks them.</summary>
internal static class DiscountCalculator
{
    /// <summary>
    /// The amount <paramref name="discount"/> takes off <paramref name="subtotal"/>: rounded half away from zero to the
    /// currency's minor unit, then capped at the subtotal. The caller has checked currencies and ranges.
    /// </summary>
    public static (Money Amount, bool Capped) AmountOff(Money subtotal, Discount discount)
    {
        var raw = discount.Kind switch
        {
            DiscountKind.Percentage => subtotal * (discount.Value / 100m),
            DiscountKind.Amount => new Money(discount.Value, subtotal.Currency),
            _ => throw new ArgumentOutOfRangeException(nameof(discount), discount.Kind, null),
        };
        var rounded = raw.Round();
        return rounded > subtotal ? (subtotal, true) : (rounded, false);
    }

    public static DiscountQuote Quote(Money subtotal, Discount? personal, Discount? group, Guid? groupId, DiscountPrecedence precedence)
    {
        if (personal is null && group is null)
        {
            return new DiscountQuote(subtotal, Money.Zero(subtotal.Currency), DiscountSource.None, DiscountQuoteReason.NoDiscount, null, groupId, false);
        }

        if (group is null)
        {
            return Build(subtotal, personal!, DiscountSource.Personal, DiscountQuoteReason.OnlyPersonal, groupId);
        }

        if (personal is null)
        {
            return Build(subtotal, group, DiscountSource.Group, DiscountQuoteReason.OnlyGroup, groupId);
        }

        if (precedence == DiscountPrecedence.PersonalWins)
        {
            return Build(subtotal, personal, DiscountSource.Personal, DiscountQuoteReason.PersonalWinsByPolicy, groupId);
        }

        var personalQuote = Build(subtotal, personal, DiscountSource.Personal, DiscountQuoteReason.LargerForCustomer, groupId);
        var groupQuote = Build(subtotal, group, DiscountSource.Group, DiscountQuoteReason.LargerForCustomer, groupId);
        return groupQuote.Amount > personalQuote.Amount ? groupQuote : personalQuote;
    }

    private static DiscountQuote Build(Money subtotal, Discount discount, DiscountSource source, DiscountQuoteReason reason, Guid? groupId)
    {
        var (amount, capped) = AmountOff(subtotal, discount);
        return new DiscountQuote(subtotal, amount, source, reason, discount, groupId, capped);
    }
}
