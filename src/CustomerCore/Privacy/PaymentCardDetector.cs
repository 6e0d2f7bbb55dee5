using PhoneNumbers;

namespace CustomerCore.Privacy;

/// <summary>
/// Finds what looks like a payment card number in free text, so it can be refused before it is stored.
/// A candidate is a run of 13 to 19 digits (single spaces or dashes allowed between them) with a card-network
/// prefix (IIN) that passes the Luhn check. Runs that are valid international phone numbers are not flagged.
/// </summary>
public static class PaymentCardDetector
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Whether <paramref name="text"/> contains something that looks like a payment card number.</summary>
    public static bool ContainsCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        Span<char> digits = stackalloc char[19];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var precededByPlus = i > 0 && text[i - 1] == '+';
            var count = 0;
            var overflow = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsAsciiDigit(c))
                {
                    if (count < digits.Length)
                    {
                        digits[count] = c;
                    }
                    else
                    {
                        overflow = true;
                    }

                    count++;
                    i++;
                }
                else if ((c is ' ' or '-') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && count > 0)
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (!overflow && count >= 13 && IsCardNumber(digits[..count]) && !IsInternationalPhone(digits[..count], precededByPlus))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the digits have a card-network prefix and pass the Luhn check.</summary>
    public static bool IsCardNumber(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        return HasCardPrefix(digits) && PassesLuhn(digits);
    }

    /// <summary>The Luhn (mod 10) checksum used by every card network.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static bool HasCardPrefix(ReadOnlySpan<char> d)
    {
        var two = (d[0] - '0') * 10 + (d[1] - '0');
        var four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        return d[0] switch
        {
            '4' => true,                                              // Visa
            '5' => two is >= 50 and <= 59,                            // Mastercard, Maestro
            '2' => four is >= 2221 and <= 2720,                       // Mastercard 2-series
            '3' => two is 30 or 34 or 35 or 36 or 37 or 38 or 39,     // Amex, JCB, Diners
            '6' => true,                                              // Discover, UnionPay, Maestro, RuPay
            _ => false,
        };
    }

    private static bool IsInternationalPhone(ReadOnlySpan<char> digits, bool precededByPlus)
    {
        // E.164 numbers have at most 15 digits; a card of 16+ digits can never be a phone.
        if (digits.Length > 15)
        {
            return false;
        }

        try
        {
            var number = Phones.Parse("+" + digits.ToString(), null);
            return Phones.IsValidNumber(number) && (precededByPlus || Phones.GetRegionCodeForNumber(number) is not null);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
