using System.Globalization;

namespace CustomerCore;

/// <summary>
/// An amount of one currency (ISO 4217). Adding, subtracting or comparing two currencies throws, because that is a
/// bug in the caller; services check currencies of caller input first and return
/// <see cref="CustomerErrorCodes.CurrencyMismatch"/> instead. Construction checks only the shape of the code, so amounts
/// read back under an old code still load; services refuse a code not in <see cref="Iso4217.Currencies"/> with
/// <see cref="CustomerErrorCodes.InvalidCurrency"/>. Read typed amounts with <see cref="MoneyParser"/>.
/// </summary>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    private readonly string? _currency;

    /// <summary>Creates an amount.</summary>
    /// <param name="amount">The amount, not rounded; call <see cref="Round"/> to round to the currency's minor unit.</param>
    /// <param name="currency">An ISO 4217 code of three letters, in any case (stored upper-case).</param>
    /// <exception cref="ArgumentException">The currency is not three ASCII letters.</exception>
    public Money(decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var code = currency.Trim().ToUpperInvariant();
        if (!CurrencyMinorUnits.IsWellFormed(code))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        }

        Amount = amount;
        _currency = code;
    }

    /// <summary>The amount in major units (for example 12.50 for twelve euros fifty).</summary>
    public decimal Amount { get; }

    /// <summary>The upper-case ISO 4217 currency code; empty only for <c>default(Money)</c>, which no service accepts.</summary>
    public string Currency => _currency ?? string.Empty;

    /// <summary>Whether this is <c>default(Money)</c>, which carries no currency.</summary>
    public bool IsDefault => _currency is null;

    /// <summary>How many decimal places the currency uses (see <see cref="CurrencyMinorUnits"/>).</summary>
    public int MinorUnits => CurrencyMinorUnits.For(Currency);

    /// <summary>Zero of a currency.</summary>
    public static Money Zero(string currency) => new(0m, currency);

    /// <summary>This amount rounded to the currency's minor unit, halves away from zero (commercial rounding).</summary>
    public Money Round() => new(Math.Round(Amount, MinorUnits, MidpointRounding.AwayFromZero), Currency);

    /// <summary>Whether the amount has no more decimal places than the currency's minor unit allows.</summary>
    public bool IsRounded => Math.Round(Amount, MinorUnits) == Amount;

    /// <summary>Whether both amounts are in the same currency.</summary>
    public bool HasSameCurrencyAs(Money other) => string.Equals(Currency, other.Currency, StringComparison.Ordinal);

    /// <summary>The smaller of two amounts of the same currency.</summary>
    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <summary>The larger of two amounts of the same currency.</summary>
    public static Money Max(Money left, Money right) => left >= right ? left : right;

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    /// <summary>Subtracts two amounts of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    /// <summary>The amount with its sign flipped.</summary>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Multiplies by a factor; the result is not rounded.</summary>
    public static Money operator *(Money value, decimal factor) => new(value.Amount * factor, value.Currency);

    /// <summary>Whether <paramref name="left"/> is less than <paramref name="right"/>.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is greater than <paramref name="right"/>.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is less than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is greater than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Whether two amounts are equal (same currency, same value; 1.0 equals 1.00).</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Whether two amounts differ in currency or value.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && HasSameCurrencyAs(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>The amount with the currency's decimal places and its code, for example <c>12.50 EUR</c>.</summary>
    public override string ToString() =>
        IsDefault ? "0" : Amount.ToString("F" + MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Currency;

    private static string SameCurrency(Money left, Money right)
    {
        if (!left.HasSameCurrencyAs(right))
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
        }

        return left.Currency;
    }
}
