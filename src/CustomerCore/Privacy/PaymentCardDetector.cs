using System.Text;
using PhoneNumbers;

namespace CustomerCore.Privacy;

/// <summary>
/// Finds what looks like a payment card number in free text, so it can be refused before it is stored.
/// </summary>
/// <remarks>
/// <para>
/// The text is read as it would be read by a person copying a card: every Unicode decimal digit (full-width,
/// Arabic-Indic, Devanagari, mathematical digits and so on) counts as its ASCII value, and digits separated by up to
/// <see cref="MaxGapLength"/> characters that are neither letters nor digits (any space, punctuation or symbol, for
/// example <c>"  "</c>, <c>".."</c>, <c>" / "</c>, <c>"_"</c>) belong to the same run. A letter or a longer gap ends the run.
/// </para>
/// <para>
/// A candidate starts where a group of digits starts (after a separator or a non-digit). It is a card when it has a
/// card-network prefix (IIN), passes the Luhn check, and is either every digit of the run from that group on
/// (13 to 19 digits), or a leading part of 14 to 19 digits followed by more digits, such as a security code.
/// Such a leading part must end where a group ends (<c>"4111 1111 1111 1111 123"</c>) or, when the digits are
/// written without separators, leave at least three digits over (<c>"41111111111111111234"</c>).
/// </para>
/// <para>
/// Runs that are valid international phone numbers (read with a leading <c>+</c>) are not flagged. After a <c>+</c>,
/// the longest valid international number ending at a group end is taken as a phone: no candidate starts there or at
/// any group inside it, so a phone followed by another number in a note is not read as a card. Cards are never
/// written after a <c>+</c>.
/// </para>
/// </remarks>
public static class PaymentCardDetector
{
    /// <summary>
    /// The most non-digit, non-letter characters allowed between two digits of one run. Three covers the separators
    /// people type between card groups (<c>" / "</c>, <c>" - "</c>, <c>"..."</c>, double spaces) while a word between
    /// numbers always ends the run, so prose such as "order 4111 and phone 1111" is never read as one number.
    /// </summary>
    public const int MaxGapLength = 3;

    private const int MinCardLength = 13;
    private const int MaxCardLength = 19;

    // A card with extra digits is only considered from 14 digits on: 13-digit cards are legacy Visa only, and allowing
    // them would flag one in ten 16-digit order numbers through their first 13 digits.
    private const int MinLeadingPartLength = 14;

    // A security code has three or four digits; fewer digits left over after the leading part of an unbroken run are
    // not a code but part of a longer number (an order or reference number), so they do not make a candidate.
    private const int MinDigitsAfterUnbrokenLeadingPart = 3;

    // Enough to see a 19-digit card and a four-digit security code after it.
    private const int DigitCapacity = MaxCardLength + 4;

    private const int MaxPhoneDigits = 15;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Whether <paramref name="text"/> contains something that looks like a payment card number.</summary>
    /// <remarks>Works on stack buffers; allocates only to compare digits with phone numbers (a run of 13 or more digits after a <c>+</c>, or a run that passed the card checks).</remarks>
    public static bool ContainsCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text) || HasTooFewAsciiDigits(text))
        {
            return false;
        }

        Span<char> digits = stackalloc char[DigitCapacity];
        Span<bool> groupEndsAfter = stackalloc bool[DigitCapacity + 1];
        Span<int> positionAfterDigit = stackalloc int[DigitCapacity + 1];
        var previousWasDigit = false;
        var insidePhoneUntil = 0;
        var position = 0;
        while (position < text.Length)
        {
            var (digit, _, width) = Read(text, position);
            var isGroupStart = digit >= 0 && !previousWasDigit && position >= insidePhoneUntil;
            if (isGroupStart)
            {
                if (IsCardAt(text, position, digits, groupEndsAfter, positionAfterDigit, out var phoneEnd))
                {
                    return true;
                }

                // Groups inside a "+" phone number do not start candidates: "+41 21 236 20 26, +33 6 12 32 22 63" must
                // not be read as a card starting at "236".
                insidePhoneUntil = Math.Max(insidePhoneUntil, phoneEnd);
            }

            previousWasDigit = digit >= 0;
            position += width;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is plain ASCII with fewer digits than the shortest card: most names, addresses and
    /// notes, which then need no reading character by character (the card guard runs on every free-text field of every
    /// row an import checks). Text with any other character takes the full reading, whose digits include every script's.
    /// </summary>
    private static bool HasTooFewAsciiDigits(string text)
    {
        if (!System.Text.Ascii.IsValid(text))
        {
            return false;
        }

        var digits = 0;
        foreach (var character in text)
        {
            if (char.IsAsciiDigit(character) && ++digits == MinCardLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the digits have a card-network prefix and pass the Luhn check.</summary>
    /// <param name="digits">ASCII digits only.</param>
    public static bool IsCardNumber(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < MinCardLength or > MaxCardLength)
        {
            return false;
        }

        return HasCardPrefix(digits) && PassesLuhn(digits);
    }

    /// <summary>The Luhn (mod 10) checksum used by every card network.</summary>
    /// <param name="digits">ASCII digits only.</param>
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

    /// <summary>
    /// Reads the run that starts with the group at <paramref name="start"/> and checks its candidates.
    /// <paramref name="phoneEnd"/> is where a <c>+</c> phone number starting here ends in the text (0 when none).
    /// </summary>
    private static bool IsCardAt(string text, int start, Span<char> digits, Span<bool> groupEndsAfter, Span<int> positionAfterDigit, out int phoneEnd)
    {
        phoneEnd = 0;
        groupEndsAfter.Clear();
        var count = 0;
        var firstGroupLength = -1;
        var continuesBeyondCapacity = false;
        var gap = 0;
        var position = start;
        while (position < text.Length)
        {
            var (digit, isLetter, width) = Read(text, position);
            if (digit >= 0)
            {
                if (gap > 0)
                {
                    groupEndsAfter[count] = true;
                    if (firstGroupLength < 0)
                    {
                        firstGroupLength = count;
                    }

                    gap = 0;
                }

                if (count == DigitCapacity)
                {
                    continuesBeyondCapacity = true;
                    break;
                }

                digits[count++] = (char)('0' + digit);
                positionAfterDigit[count] = position + width;
            }
            else if (isLetter || ++gap > MaxGapLength)
            {
                break;
            }

            position += width;
        }

        // Fewer than 13 digits: neither a card here nor at any later group of this run.
        if (count < MinCardLength)
        {
            return false;
        }

        var runIsComplete = !continuesBeyondCapacity;
        if (runIsComplete)
        {
            groupEndsAfter[count] = true;
        }

        var run = (ReadOnlySpan<char>)digits[..count];
        var precededByPlus = start > 0 && text[start - 1] is '+' or '\uFF0B';
        if (precededByPlus && LongestPhonePrefix(run, groupEndsAfter) is var phoneLength and > 0)
        {
            // Cards are never written after a "+": this is a phone number, possibly followed by other numbers.
            phoneEnd = positionAfterDigit[phoneLength];
            return false;
        }

        var unbrokenLength = firstGroupLength < 0 ? (continuesBeyondCapacity ? int.MaxValue : count) : firstGroupLength;
        for (var length = MinCardLength; length <= Math.Min(count, MaxCardLength); length++)
        {
            var isWholeRun = runIsComplete && length == count;
            var isLeadingPart = length >= MinLeadingPartLength && !isWholeRun
                && (groupEndsAfter[length] || (length <= unbrokenLength && count - length >= MinDigitsAfterUnbrokenLeadingPart));
            if ((isWholeRun || isLeadingPart)
                && IsCardNumber(run[..length])
                && !(runIsComplete && IsInternationalPhone(run)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most digits at the start of the run, ending at a group end, that form a valid international phone number (0 when none).</summary>
    private static int LongestPhonePrefix(ReadOnlySpan<char> run, ReadOnlySpan<bool> groupEndsAfter)
    {
        for (var length = Math.Min(run.Length, MaxPhoneDigits); length > 0; length--)
        {
            if (groupEndsAfter[length] && IsInternationalPhone(run[..length]))
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>
    /// The decimal value of the character (or surrogate pair) at <paramref name="position"/>, or -1 when it is not a
    /// decimal digit; whether it is a letter; and how many chars it takes.
    /// </summary>
    private static (int Digit, bool IsLetter, int Width) Read(string text, int position)
    {
        var c = text[position];
        if (char.IsAsciiDigit(c))
        {
            return (c - '0', false, 1);
        }

        if (c < 128)
        {
            return (-1, char.IsAsciiLetter(c), 1);
        }

        if (Rune.DecodeFromUtf16(text.AsSpan(position), out var rune, out var width) != System.Buffers.OperationStatus.Done)
        {
            // A lone surrogate is neither a digit nor a letter; it counts as a separator.
            return (-1, false, 1);
        }

        return Rune.IsDigit(rune)
            ? ((int)Rune.GetNumericValue(rune), false, width)
            : (-1, Rune.IsLetter(rune), width);
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

    private static bool IsInternationalPhone(ReadOnlySpan<char> digits)
    {
        // E.164 numbers have at most 15 digits; a card of 16+ digits can never be a phone.
        if (digits.Length > MaxPhoneDigits)
        {
            return false;
        }

        try
        {
            var number = Phones.Parse(string.Concat("+", digits), null);
            return Phones.IsValidNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
