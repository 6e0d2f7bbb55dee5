namespace CustomerCore.Discounts;

/// <summary>The rules a personal or group discount must meet before it is saved.</summary>
internal static class DiscountValidator
{
    /// <summary>The most decimal places a percentage keeps (12.3456 %); the EF adapter stores four.</summary>
    public const int PercentageDecimals = 4;

    public static List<CustomerError> Validate(Discount discount, MoneyRules money)
    {
        var describer = money.Describer;
        var errors = new List<CustomerError>();
        switch (discount.Kind)
        {
            case DiscountKind.Percentage:
                if (discount.Value <= 0m || discount.Value > 100m)
                {
                    errors.Add(describer.DiscountPercentageOutOfRange(discount.Value));
                }
                else if (Math.Round(discount.Value, PercentageDecimals) != discount.Value)
                {
                    errors.Add(describer.TooManyDecimalPlaces("Discount", PercentageDecimals));
                }

                if (discount.Currency is not null)
                {
                    errors.Add(describer.PercentageDiscountHasCurrency());
                }

                break;
            case DiscountKind.Amount:
                if (money.CurrencyError(discount.Currency, "Discount.Currency") is { } currency)
                {
                    errors.Add(currency);
                    break;
                }

                if (money.AmountError(discount.Value, discount.Currency!, "Discount", mustBePositive: true, money.MaxPostingAmount) is { } amount)
                {
                    errors.Add(amount);
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
