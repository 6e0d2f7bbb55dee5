using System.Globalization;
using CustomerCore.Credit;

namespace CustomerCore.Sample.Console;

/// <summary>
/// The one way the CLI shows money, in text and in <c>--json</c>: always with the currency's minor units (<c>42.50 USD</c>,
/// <c>60.00 USD</c>, <c>1000 JPY</c>), so amounts on one screen line up and a script reads the same number of decimals
/// every time. In JSON an amount is a number written with those decimals (<c>42.50</c>), not a string. Loyalty points are
/// not money and keep the decimals they have.
/// </summary>
internal static class MoneyText
{
    /// <summary><paramref name="amount"/> with exactly as many decimals as <paramref name="unit"/> has (for JSON and text alike).</summary>
    public static decimal Amount(decimal amount, string unit)
    {
        if (!Iso4217.TryNormalize(unit, out var currency))
        {
            return amount;
        }

        var decimals = CurrencyMinorUnits.For(currency);

        // Adding a zero with that scale pads the decimals (60 → 60.00); rounding first trims any beyond them.
        return Math.Round(amount, decimals, MidpointRounding.AwayFromZero) + new decimal(0, 0, 0, isNegative: false, scale: (byte)decimals);
    }

    /// <summary>The amount (or null) in the currency's minor units.</summary>
    public static decimal? Amount(decimal? amount, string unit) => amount is { } value ? Amount(value, unit) : null;

    /// <summary><c>42.50 USD</c>; points read <c>40 POINTS</c>.</summary>
    public static string Format(decimal amount, string unit) =>
        Amount(amount, unit).ToString(CultureInfo.InvariantCulture) + " " + unit;

    /// <inheritdoc cref="Format(decimal, string)"/>
    public static string Format(Money money) => Format(money.Amount, money.Currency);

    /// <summary>Totals per currency (<c>{ "USD": 30.00 }</c>) with each amount in its currency's minor units.</summary>
    public static IReadOnlyDictionary<string, decimal> Amounts(IReadOnlyDictionary<string, decimal> totals) =>
        totals.ToDictionary(kv => kv.Key, kv => Amount(kv.Value, kv.Key), StringComparer.Ordinal);

    /// <summary>Totals per currency for a person: <c>30.00 USD, 12.50 EUR</c>; <c>0</c> when there are none.</summary>
    public static string FormatAll(IReadOnlyDictionary<string, decimal> totals) =>
        totals.Count == 0 ? "0" : string.Join(", ", totals.Select(kv => Format(kv.Value, kv.Key)));

    /// <summary>A discount for a person: <c>10 %</c> (however the store kept the number's scale), or <c>5.00 USD</c>.</summary>
    public static string Describe(Discounts.Discount discount) =>
        discount.Currency is { } currency
            ? Format(discount.Value, currency)
            : discount.Value.ToString("0.####", CultureInfo.InvariantCulture) + " %";

    /// <summary>An account's balance, as its unit reads.</summary>
    public static string Balance(LedgerAccount account) => Format(account.Balance, account.Unit);
}
