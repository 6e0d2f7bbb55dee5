namespace CustomerCore.Discounts;

/// <summary>The rules a personal or group discount must meet before it is saved.</summary>
internal static class DiscountValidator
{
    public static List<CustomerError> Validate(Discount discount, CustomerErrorDescriber describer)
    {
        var errors = new List<CustomerError>();
        switch (discount.Kind)
        {
            case DiscountKind.Percentage:
                if (discount.Value <= 0m || discount.Value > 100m)
                {
                    errors.Add(describer.DiscountPercentageOutOfRange(discount.Value));
                }

                if (discount.Currency is not null)
                {
                    errors.Add(describer.PercentageDiscountHasCurrency());
                }

                break;
            case DiscountKind.Amount:
                if (discount.AmountOff is not { } amount)
                {
                    errors.Add(describer.InvalidCurrencyCode("Discount.Currency"));
                    break;
                }

                if (amount.Amount <= 0m)
                {
                    errors.Add(describer.AmountNotPositive("Discount"));
                }
                else if (!amount.IsRounded)
                {
                    errors.Add(describer.TooManyDecimals("Discount", amount.Currency, amount.MinorUnits));
                }

                break;
            default:
                errors.Add(describer.UnknownValue("Discount.Kind", discount.Kind.ToString()));
                break;
        }

        return errors;
    }

    /// <summary>Canonical form to store: currency upper-cased, so stores compare what they were given.</summary>
    public static Discount Normalize(Discount discount) =>
        discount.Kind == DiscountKind.Amount ? discount with { Currency = discount.Currency!.Trim().ToUpperInvariant() } : discount;
}
