namespace CustomerCore.Discounts;

/// <summary>Whether a discount takes a fixed amount or a share of the subtotal.</summary>
public enum DiscountKind
{
    /// <summary>A fixed amount of money off, in one currency.</summary>
    Amount = 0,
    /// <summary>A percentage of the subtotal, more than 0 and at most 100.</summary>
    Percentage = 1,
}

/// <summary>
/// A discount carried by a customer (personal) or a customer group. Flat on purpose (kind, value, currency) so an
/// adapter can store it in three columns. Build it with <see cref="FixedAmount"/> or <see cref="PercentOff"/>;
/// services validate it before saving.
/// </summary>
/// <param name="Kind">Fixed amount or percentage.</param>
/// <param name="Value">The amount in major units, or the percentage (12.5 means 12.5 %).</param>
/// <param name="Currency">The ISO 4217 code of a fixed amount; null for a percentage.</param>
public sealed record Discount(DiscountKind Kind, decimal Value, string? Currency = null)
{
    /// <summary>A fixed amount off.</summary>
    public static Discount FixedAmount(Money amount)
    {
        if (amount.IsDefault)
        {
            throw new ArgumentException("The amount has no currency.", nameof(amount));
        }

        return new Discount(DiscountKind.Amount, amount.Amount, amount.Currency);
    }

    /// <summary>A percentage off (12.5 means 12.5 %).</summary>
    public static Discount PercentOff(decimal percentage) => new(DiscountKind.Percentage, percentage);

    /// <summary>The fixed amount as money; null for a percentage or when the currency is malformed.</summary>
    public Money? AmountOff =>
        Kind == DiscountKind.Amount && CurrencyMinorUnits.IsWellFormed(Currency) ? new Money(Value, Currency!) : null;

    /// <inheritdoc />
    public override string ToString() => Kind == DiscountKind.Percentage ? $"{Value} %" : AmountOff?.ToString() ?? $"{Value} {Currency}";
}

/// <summary>Which discount applies when a customer has a personal discount and their group has one too.</summary>
public enum DiscountPrecedence
{
    /// <summary>The personal discount applies whenever the customer has one (the default).</summary>
    PersonalWins = 0,
    /// <summary>Whichever gives the larger amount off this subtotal applies; a tie goes to the personal discount.</summary>
    BestForCustomer = 1,
}
