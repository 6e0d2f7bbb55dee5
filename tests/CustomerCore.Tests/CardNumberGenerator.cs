using System.Text;

namespace CustomerCore.Tests;

/// <summary>Luhn-valid (and deliberately Luhn-invalid) card-like numbers from a seeded Random, so failures reproduce.</summary>
internal static class CardNumberGenerator
{
    /// <summary>Network prefixes with the lengths that network issues.</summary>
    public static readonly (string Network, string[] Prefixes, int[] Lengths)[] Networks =
    [
        ("Visa", ["4"], [13, 16, 19]),
        ("Mastercard", ["51", "52", "53", "54", "55", "2221", "2500", "2720"], [16]),
        ("Amex", ["34", "37"], [15]),
        ("Discover", ["6011", "65"], [16, 19]),
    ];

    /// <summary>A random card number of a random network, prefix and length that passes Luhn.</summary>
    public static string ValidCard(Random random, int? minLength = null)
    {
        while (true)
        {
            var (_, prefixes, lengths) = Networks[random.Next(Networks.Length)];
            var length = lengths[random.Next(lengths.Length)];
            if (length < (minLength ?? 0))
            {
                continue;
            }

            // Digits that also form a valid international phone number (a 13-digit Visa starting 49 can be a German
            // number) are deliberately not flagged by the detector, so they cannot be expected to be detected.
            var card = WithCheckDigit(random, prefixes[random.Next(prefixes.Length)], length);
            if (!IsInternationalPhone(card))
            {
                return card;
            }
        }
    }

    /// <summary>A 16-digit number with a card prefix whose check digit is wrong, like an order number.</summary>
    public static string NonLuhnSixteenDigits(Random random)
    {
        var valid = WithCheckDigit(random, random.Next(2) == 0 ? "4" : "6011", 16);
        var wrongCheckDigit = (char)('0' + (valid[^1] - '0' + 1 + random.Next(9)) % 10);
        return valid[..^1] + wrongCheckDigit;
    }

    /// <summary>The digits in groups of four (Amex 4-6-5), the way they are printed on cards.</summary>
    public static string[] Groups(string card) => card.Length == 15
        ? [card[..4], card[4..10], card[10..]]
        : Enumerable.Range(0, (card.Length + 3) / 4).Select(i => card.Substring(i * 4, Math.Min(4, card.Length - i * 4))).ToArray();

    /// <summary>The ASCII digits rewritten in the decimal digits starting at <paramref name="zero"/> (a code point).</summary>
    public static string InDigits(string ascii, int zero)
    {
        var text = new StringBuilder();
        foreach (var c in ascii)
        {
            text.Append(char.IsAsciiDigit(c) ? char.ConvertFromUtf32(zero + (c - '0')) : c.ToString());
        }

        return text.ToString();
    }

    private static bool IsInternationalPhone(string digits)
    {
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        try
        {
            return digits.Length <= 15 && util.IsValidNumber(util.Parse("+" + digits, null));
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return false;
        }
    }

    private static string WithCheckDigit(Random random, string prefix, int length)
    {
        var digits = new StringBuilder(prefix);
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        for (var check = '0'; check <= '9'; check++)
        {
            var candidate = digits.ToString() + check;
            if (CustomerCore.Privacy.PaymentCardDetector.PassesLuhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("One check digit always completes a Luhn number.");
    }
}
