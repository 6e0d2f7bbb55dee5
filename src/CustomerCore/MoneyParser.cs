using System.Globalization;

namespace CustomerCore;

/// <summary>Whether a text amount may carry a sign.</summary>
public enum AmountSign
{
    /// <summary>No sign at all: <c>5</c> is read, <c>-5</c> and <c>+5</c> are refused (charges, payments, totals, points).</summary>
    NotAllowed = 0,
    /// <summary>One leading <c>-</c> or <c>+</c> may come first (corrections that may lower a balance).</summary>
    Allowed = 1,
}

/// <summary>Why a text is not an amount in the one form <see cref="MoneyParser"/> accepts.</summary>
public enum AmountFormatProblem
{
    /// <summary>A <c>,</c>: it could be a decimal comma (1,5 = 1.5) or a thousands separator (1,500 = 1500), so it is never guessed.</summary>
    GroupSeparator = 0,
    /// <summary>A space or other white space, anywhere (also a leading or trailing one, and a non-breaking space used to group digits).</summary>
    Whitespace = 1,
    /// <summary>A sign where the caller accepts none.</summary>
    Sign = 2,
    /// <summary>Scientific notation such as <c>1e3</c>.</summary>
    Exponent = 3,
    /// <summary>Digits of another script, such as Arabic-Indic or full-width digits.</summary>
    NonAsciiDigit = 4,
    /// <summary>More than one <c>.</c>.</summary>
    ExtraDecimalPoint = 5,
    /// <summary>No digit before or after the <c>.</c> (<c>5.</c>, <c>.5</c>), or a sign alone.</summary>
    MissingDigits = 6,
    /// <summary>Anything else that is not a digit or the decimal point: a currency symbol, a letter, an apostrophe, a sign not in front.</summary>
    InvalidCharacter = 7,
}

/// <summary>
/// Reads amounts typed by people or sent as text, the same way on every machine: invariant culture, ASCII digits
/// <c>0</c>-<c>9</c>, at most one <c>.</c> as the decimal point with digits on both sides, an optional leading sign only
/// where the caller allows one, and nothing else: no group separators (a <c>,</c> is refused, because <c>1,5</c> and
/// <c>1,500</c> cannot be told apart), no exponent, no currency symbol, no white space. A money amount may have at most
/// as many decimal places as its currency's minor unit, trailing zeros included (<c>1.500</c> USD is refused, since a
/// German reader means 1500). Amounts above <see cref="CustomerCoreOptions.AmountCeiling"/> are refused, so reading
/// never overflows. Errors name the field and say why, in the describer's language.
/// </summary>
public static class MoneyParser
{
    // The ceiling has 15 integer digits; anything longer is refused before decimal.Parse sees it.
    private const int MaxIntegerDigits = 15;

    /// <summary>
    /// Reads <paramref name="text"/> as an amount of <paramref name="currency"/>. The currency is read as
    /// <see cref="ParseCurrency"/> does (so <c>usd</c> is <c>USD</c>); the amount must fit its minor unit.
    /// </summary>
    /// <param name="text">The amount as typed, for example <c>12.50</c>.</param>
    /// <param name="currency">The ISO 4217 code.</param>
    /// <param name="field">The field or option named in errors about the amount (for example <c>Amount</c> or <c>--amount</c>).</param>
    /// <param name="sign">Whether a leading sign is accepted.</param>
    /// <param name="currencyField">The field or option named in errors about the currency.</param>
    /// <param name="describer">Builds the errors; a default one when null.</param>
    /// <returns>The money, or every error found (a currency error and an amount error may come together).</returns>
    public static OperationResult<Money> Parse(
        string? text, string? currency, string field, AmountSign sign = AmountSign.NotAllowed, string currencyField = "Currency",
        CustomerErrorDescriber? describer = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(currencyField);
        describer ??= DefaultDescriber;
        var code = ParseCurrency(currency, currencyField, describer);
        var read = Read(text, field, sign, describer);
        if (!code.Succeeded || read.Error is not null)
        {
            return OperationResult<Money>.Failed(code.Errors.Concat(read.Error is null ? [] : [read.Error]));
        }

        var minorUnits = CurrencyMinorUnits.For(code.Value!);
        if (read.Decimals > minorUnits)
        {
            return OperationResult<Money>.Failed(describer.TooManyDecimals(field, code.Value!, minorUnits));
        }

        return OperationResult<Money>.Success(new Money(read.Value, code.Value!));
    }

    /// <summary>
    /// Reads <paramref name="text"/> as a number with at most <paramref name="maxDecimals"/> decimal places, under the
    /// same rules as <see cref="Parse"/> (for points, use 0; for a percentage, the places the caller keeps).
    /// </summary>
    /// <param name="text">The number as typed.</param>
    /// <param name="maxDecimals">The most decimal places accepted, 0 to 28.</param>
    /// <param name="field">The field or option named in errors.</param>
    /// <param name="sign">Whether a leading sign is accepted.</param>
    /// <param name="describer">Builds the errors; a default one when null.</param>
    public static OperationResult<decimal> ParseAmount(
        string? text, int maxDecimals, string field, AmountSign sign = AmountSign.NotAllowed, CustomerErrorDescriber? describer = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDecimals, 28);
        describer ??= DefaultDescriber;
        var read = Read(text, field, sign, describer);
        if (read.Error is not null)
        {
            return OperationResult<decimal>.Failed(read.Error);
        }

        if (read.Decimals > maxDecimals)
        {
            return OperationResult<decimal>.Failed(maxDecimals == 0 ? describer.WholeNumberRequired(field) : describer.TooManyDecimalPlaces(field, maxDecimals));
        }

        return OperationResult<decimal>.Success(read.Value);
    }

    /// <summary>
    /// Reads a currency code: surrounding spaces are ignored, ASCII letters of any case are upper-cased, and the result
    /// must be an active code of <see cref="Iso4217.Currencies"/>. A code that is not three letters fails with
    /// <see cref="CustomerErrorDescriber.InvalidCurrencyCode"/>, one that is not listed with
    /// <see cref="CustomerErrorDescriber.UnknownCurrency"/> (both <see cref="CustomerErrorCodes.InvalidCurrency"/>).
    /// </summary>
    /// <param name="code">The code as given.</param>
    /// <param name="field">The field or option named in errors.</param>
    /// <param name="describer">Builds the errors; a default one when null.</param>
    public static OperationResult<string> ParseCurrency(string? code, string field, CustomerErrorDescriber? describer = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        describer ??= DefaultDescriber;
        if (Iso4217.TryNormalize(code, out var normalized))
        {
            return OperationResult<string>.Success(normalized);
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return OperationResult<string>.Failed(describer.Required(field));
        }

        return OperationResult<string>.Failed(CurrencyMinorUnits.IsWellFormed(code.Trim())
            ? describer.UnknownCurrency(field)
            : describer.InvalidCurrencyCode(field));
    }

    private static readonly CustomerErrorDescriber DefaultDescriber = new();

    private readonly record struct Reading(decimal Value, int Decimals, CustomerError? Error);

    private static Reading Read(string? text, string field, AmountSign sign, CustomerErrorDescriber describer)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new(0m, 0, describer.Required(field));
        }

        if (Problem(text, sign) is { } problem)
        {
            return new(0m, 0, describer.InvalidAmount(field, problem));
        }

        var signed = text[0] is '-' or '+';
        var digits = text.AsSpan(signed ? 1 : 0);
        var point = digits.IndexOf('.');
        var integerPart = (point < 0 ? digits : digits[..point]).TrimStart('0');
        var decimals = point < 0 ? 0 : digits.Length - point - 1;
        if (integerPart.Length > MaxIntegerDigits)
        {
            return new(0m, 0, describer.AmountTooLarge(field, CustomerCoreOptions.AmountCeiling));
        }

        // Only ASCII digits and one point are left, and few enough of them, so this cannot fail or overflow. Decimal
        // places beyond what decimal keeps are refused by the caller's limit before the value is used.
        var value = decimal.Parse(
            decimals > 28 ? digits[..(point + 29)] : digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value > CustomerCoreOptions.AmountCeiling)
        {
            return new(0m, 0, describer.AmountTooLarge(field, CustomerCoreOptions.AmountCeiling));
        }

        return new(text[0] == '-' ? -value : value, decimals, null);
    }

    // The first problem a person should fix, most telling first: a comma or a space says more than "invalid character".
    private static AmountFormatProblem? Problem(string text, AmountSign sign)
    {
        if (text.Contains(','))
        {
            return AmountFormatProblem.GroupSeparator;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            return AmountFormatProblem.Whitespace;
        }

        if (text.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
        {
            return AmountFormatProblem.NonAsciiDigit;
        }

        if (LooksLikeExponent(text))
        {
            return AmountFormatProblem.Exponent;
        }

        var signed = text[0] is '-' or '+';
        var body = text.AsSpan(signed ? 1 : 0);
        foreach (var c in body)
        {
            if (!char.IsAsciiDigit(c) && c != '.')
            {
                return AmountFormatProblem.InvalidCharacter;
            }
        }

        if (body.Count('.') > 1)
        {
            return AmountFormatProblem.ExtraDecimalPoint;
        }

        if (signed && sign == AmountSign.NotAllowed)
        {
            return AmountFormatProblem.Sign;
        }

        var point = body.IndexOf('.');
        return body.Length == 0 || point == 0 || point == body.Length - 1 ? AmountFormatProblem.MissingDigits : null;
    }

    // "1e3", "-2.5E-4", ".5e1": a number, an e, then an optionally signed whole number. "EUR5" or "5 EUR" is not one.
    private static bool LooksLikeExponent(string text)
    {
        var e = text.AsSpan().IndexOfAny('e', 'E');
        if (e <= 0 || e == text.Length - 1)
        {
            return false;
        }

        var mantissa = text.AsSpan(0, e).TrimStart("+-");
        var exponent = text.AsSpan(e + 1).TrimStart("+-");
        return mantissa.Length > 0 && mantissa.ContainsAnyInRange('0', '9') && !mantissa.ContainsAnyExcept("0123456789.")
            && exponent.Length > 0 && !exponent.ContainsAnyExcept("0123456789");
    }
}
