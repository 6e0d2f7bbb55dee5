using PhoneNumbers;

namespace CustomerCore.Phones;

/// <summary>
/// Turns phone numbers typed in any format into E.164 using libphonenumber and the merchant's default region.
/// Thread-safe; create one and share it (the metadata is loaded once).
/// </summary>
public sealed class PhoneNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The minimum number of trailing digits accepted for a "last digits" lookup.</summary>
    public const int MinimumSuffixDigits = 4;

    /// <summary>Loads the phone metadata now, so the first till lookup does not pay for it.</summary>
    public static void Warm() => Util.IsValidNumber(Util.Parse("+14155550100", null));

    /// <summary>Normalizes <paramref name="input"/>; returns null for null or blank input.</summary>
    /// <param name="input">The number as typed: E.164, national, with spaces, dashes, dots or parentheses.</param>
    /// <param name="defaultRegion">ISO 3166 two-letter region used when the number has no country code.</param>
    public NormalizedPhone? Normalize(string? input, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var raw = input.Trim();
        var e164 = TryFormatE164(raw, defaultRegion);
        var digits = e164 is null ? DigitsOf(raw) : e164.AsSpan(1).ToString();
        return new NormalizedPhone(raw, e164, Reverse(digits));
    }

    /// <summary>Returns the E.164 form of a valid number, or null.</summary>
    public string? TryFormatE164(string input, string defaultRegion)
    {
        if (!LooksLikePhone(input))
        {
            return null;
        }

        try
        {
            var number = Util.Parse(input, defaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Whether the text is made only of characters people use when typing a phone number.</summary>
    public static bool LooksLikePhone(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '+' or '-' or '.' or '(' or ')' or '/'))
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>The ASCII digits of <paramref name="text"/> in order.</summary>
    public static string DigitsOf(string text)
    {
        Span<char> buffer = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[count++] = c;
            }
        }

        return new string(buffer[..count]);
    }

    /// <summary>Reverses a string of digits.</summary>
    public static string Reverse(string digits)
    {
        return string.Create(digits.Length, digits, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[source.Length - 1 - i];
            }
        });
    }
}
