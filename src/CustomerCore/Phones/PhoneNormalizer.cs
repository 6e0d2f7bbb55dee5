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

    /// <summary>The minimum number of digits typed before the start of a number is looked up (type-ahead).</summary>
    public const int MinimumPrefixDigits = 3;

    // "ext. 12", "extension 12", "x12", "#12" at the end of a number: the extension is kept in the raw input but is not
    // part of the number, its E.164 form or its last digits. The non-backtracking engine matches in time linear in the
    // input, so no timeout is needed; a timeout only ever fired on a busy machine (seen: an import failed with
    // RegexMatchTimeoutException while both cores were building).
    private static readonly System.Text.RegularExpressions.Regex Extension = new(
        @"\s*(?:ext\.?|extension|x|#)\s*[0-9]{1,7}\s*$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant
        | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

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
        var number = WithoutExtension(raw);
        var e164 = TryFormatE164(number, defaultRegion);
        var digits = e164 is null ? DigitsOf(number) : e164.AsSpan(1).ToString();
        return new NormalizedPhone(raw, e164, Reverse(digits));
    }

    /// <summary>
    /// The E.164 prefix every number starting with what was typed has, for type-ahead at the till: typed in
    /// international form (<c>+44 7911</c>, <c>0044 7911</c>) its digits; typed in national form (<c>07911 1</c> in GB,
    /// <c>415 55</c> in the US) the region's country code followed by the digits without the national trunk prefix.
    /// Null when fewer than <see cref="MinimumPrefixDigits"/> digits were typed or the text is not a phone.
    /// </summary>
    public static string? TypedPrefixE164(string text, string defaultRegion)
    {
        if (!LooksLikePhone(text))
        {
            return null;
        }

        var trimmed = text.TrimStart();
        var digits = DigitsOf(text);
        if (digits.Length < MinimumPrefixDigits)
        {
            return null;
        }

        if (trimmed.StartsWith('+'))
        {
            return "+" + digits;
        }

        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            return digits.Length - 2 < MinimumPrefixDigits ? null : "+" + digits[2..];
        }

        var countryCode = Util.GetCountryCodeForRegion(defaultRegion);
        if (countryCode == 0)
        {
            return null;
        }

        var trunk = Util.GetNddPrefixForRegion(defaultRegion, stripNonDigits: true);
        var national = !string.IsNullOrEmpty(trunk) && digits.StartsWith(trunk, StringComparison.Ordinal) ? digits[trunk.Length..] : digits;
        return national.Length == 0 ? null : "+" + countryCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + national;
    }

    /// <summary>The number without an extension typed after it (<c>ext. 12</c>, <c>x12</c>, <c>#12</c>).</summary>
    public static string WithoutExtension(string text) => Extension.Replace(text, string.Empty);

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
