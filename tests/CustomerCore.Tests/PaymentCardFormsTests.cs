using System.Globalization;
using CustomerCore.Privacy;

namespace CustomerCore.Tests;

/// <summary>Generated card numbers in the forms people write them, and ordinary numbers that must stay accepted.</summary>
public sealed class PaymentCardFormsTests
{
    private const int CasesPerForm = 300;

    // Every kind of gap the detector must see through: repeated, mixed, non-ASCII spaces and symbols, up to three chars.
    private static readonly string[] Separators =
    [
        " ", "-", ".", "_", "/", "  ", "..", " / ", " - ", "--", "\u00A0", "\u2009", "\u3000", "·", "*", ",", "|", "—",
        "\t", "\n", "\r\n", ". ", "\u200B", "+",
    ];

    // Decimal digit sets: full-width, Arabic-Indic, extended Arabic-Indic, Devanagari, Bengali, Thai, and the
    // mathematical bold digits outside the basic plane (surrogate pairs).
    private static readonly int[] DigitZeros = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE];

    [Fact]
    public void Detects_CardsWithAnySeparatorRepeatedOrMixed()
    {
        var random = new Random(20260301);
        for (var i = 0; i < CasesPerForm; i++)
        {
            var card = CardNumberGenerator.ValidCard(random);
            var groups = CardNumberGenerator.Groups(card);
            var sameSeparator = string.Join(Separators[random.Next(Separators.Length)], groups);
            var mixed = groups[0] + string.Concat(groups.Skip(1).Select(g => Separators[random.Next(Separators.Length)] + g));

            AssertCard(sameSeparator);
            AssertCard(mixed);
            AssertCard($"card {sameSeparator} exp 12/28");
        }
    }

    [Fact]
    public void Detects_CardsFollowedBySecurityCodeOrMoreDigits()
    {
        var random = new Random(20260302);
        for (var i = 0; i < CasesPerForm; i++)
        {
            // 13-digit cards are legacy Visa only; a 13-digit leading part is not looked for (see the detector's docs).
            var card = CardNumberGenerator.ValidCard(random, minLength: 14);
            var code = random.Next(1000, 10_000).ToString(CultureInfo.InvariantCulture)[..(3 + random.Next(2))];
            var separator = Separators[random.Next(Separators.Length)];

            AssertCard(card + code);
            AssertCard(card + separator + code);
            AssertCard(string.Join(separator, CardNumberGenerator.Groups(card)) + separator + code);
            AssertCard($"paid with {card} {code} 12/28 thanks");
        }
    }

    [Fact]
    public void Detects_CardsAfterOtherNumbersInTheSameRun()
    {
        var random = new Random(20260303);
        for (var i = 0; i < CasesPerForm; i++)
        {
            var card = CardNumberGenerator.ValidCard(random);
            AssertCard($"table {random.Next(1, 40)}, {string.Join(' ', CardNumberGenerator.Groups(card))}");
        }
    }

    [Fact]
    public void Detects_CardsInOtherDecimalDigits()
    {
        var random = new Random(20260304);
        for (var i = 0; i < CasesPerForm; i++)
        {
            var card = CardNumberGenerator.ValidCard(random);
            var zero = DigitZeros[random.Next(DigitZeros.Length)];

            AssertCard(CardNumberGenerator.InDigits(card, zero));
            AssertCard(CardNumberGenerator.InDigits(string.Join(" ", CardNumberGenerator.Groups(card)), zero));

            // Mixed scripts: every digit from a different set (or ASCII).
            var mixed = string.Concat(card.Select(d => random.Next(3) == 0 ? d.ToString() : CardNumberGenerator.InDigits(d.ToString(), DigitZeros[random.Next(DigitZeros.Length)])));
            AssertCard(mixed);
        }
    }

    [Fact]
    public void DoesNotFlag_NonLuhnSixteenDigitOrderNumbersInAnyForm()
    {
        var random = new Random(20260305);
        for (var i = 0; i < CasesPerForm; i++)
        {
            var order = CardNumberGenerator.NonLuhnSixteenDigits(random);
            var separator = Separators[random.Next(Separators.Length)];

            AssertNotCard(order);
            AssertNotCard($"Order #{order}");
            AssertNotCard(string.Join(separator, CardNumberGenerator.Groups(order)));
            AssertNotCard(CardNumberGenerator.InDigits(order, DigitZeros[random.Next(DigitZeros.Length)]));
        }
    }

    [Fact]
    public void DoesNotFlag_OrdinaryTextWithDatesAmountsAndPostcodes()
    {
        string[] postcodes = ["SW1A 1AA", "90210", "10115", "28013", "75008", "1012 AB", "2000", "110001", "01310-100", "100-0001"];
        var random = new Random(20260306);
        for (var i = 0; i < CasesPerForm; i++)
        {
            var date = new DateOnly(2000, 1, 1).AddDays(random.Next(365 * 40));
            var amount = random.Next(0, 10_000_000) / 100m;
            var postcode = postcodes[random.Next(postcodes.Length)];
            var en = CultureInfo.GetCultureInfo("en-GB");
            var de = CultureInfo.GetCultureInfo("de-DE");

            AssertNotCard($"Delivered {date:yyyy-MM-dd}, paid {amount.ToString("N2", en)} to {postcode}");
            AssertNotCard($"Lieferung am {date.ToString("dd.MM.yyyy", de)} über {amount.ToString("N2", de)} €, PLZ {postcode}");
            AssertNotCard($"{date:yyyy-MM-dd} {date:dd/MM/yyyy}");
            AssertNotCard($"Invoice {random.Next(100_000, 999_999)} of {date:d MMM yyyy} for {amount.ToString("C", en)}");
        }
    }

    private static void AssertCard(string text) =>
        Assert.True(PaymentCardDetector.ContainsCardNumber(text), $"not detected: {Escape(text)}");

    private static void AssertNotCard(string text) =>
        Assert.False(PaymentCardDetector.ContainsCardNumber(text), $"taken for a card: {Escape(text)}");

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
