using CustomerCore.Privacy;
using PhoneNumbers;

namespace CustomerCore.Tests;

public sealed class PaymentCardDetectorTests
{
    [Theory]
    [InlineData("4111111111111111")]              // Visa
    [InlineData("4012888888881881")]              // Visa
    [InlineData("4222222222222")]                 // Visa, 13 digits
    [InlineData("5555555555554444")]              // Mastercard
    [InlineData("5105105105105100")]              // Mastercard
    [InlineData("2223003122003222")]              // Mastercard 2-series
    [InlineData("378282246310005")]               // American Express
    [InlineData("371449635398431")]               // American Express
    [InlineData("6011111111111117")]              // Discover
    [InlineData("3530111333300000")]              // JCB
    [InlineData("30569309025904")]                // Diners Club
    [InlineData("6200000000000005")]              // UnionPay
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("card was 5555 5555 5555 4444, exp 12/28")]
    [InlineData("4111..1111..1111..1111")]
    [InlineData("4111 / 1111 / 1111 / 1111")]
    [InlineData("4111_1111_1111_1111")]
    [InlineData("4111  1111  1111  1111")]
    [InlineData("4111 1111 1111 1111 123")]          // trailing security code
    [InlineData("41111111111111111234")]             // security code run on
    [InlineData("41111111111111111111")]             // a Visa test card and four more digits
    [InlineData("４１１１ １１１１ １１１１ １１１１")]  // full-width digits and an ideographic space
    [InlineData("٤١١١١١١١١١١١١١١١")]                 // Arabic-Indic digits
    public void ContainsCardNumber_TestCardNumbers_AreDetected(string text) =>
        Assert.True(PaymentCardDetector.ContainsCardNumber(text));

    [Theory]
    [InlineData("4111111111111112")]              // fails Luhn
    [InlineData("9111111111111111")]              // no card network starts with 9
    [InlineData("411111111111")]                  // too short
    [InlineData("4111111111111112 2")]            // fails Luhn as 16 and as 17 digits
    [InlineData("4111-1111-1111-1112-34")]        // fails Luhn; the leading 16 digits as well
    [InlineData("Order 12345, table 7")]
    [InlineData("")]
    [InlineData(null)]
    public void ContainsCardNumber_OtherText_IsNotFlagged(string? text) =>
        Assert.False(PaymentCardDetector.ContainsCardNumber(text));

    [Fact]
    public void ContainsCardNumber_ThousandValidPhoneNumbersInEveryFormat_AreNeverFlagged()
    {
        var util = PhoneNumberUtil.GetInstance();
        string[] regions = ["GB", "US", "DE", "ES", "FR", "IT", "NL", "AU", "IN", "BR", "JP", "MX", "CN", "AT", "CH", "SE"];
        PhoneNumberType[] types = [PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE];
        var random = new Random(20261125);
        var checkedNumbers = 0;
        var attempts = 0;
        while (checkedNumbers < 1000 && attempts++ < 100_000)
        {
            var region = regions[random.Next(regions.Length)];
            var example = util.GetExampleNumberForType(region, types[random.Next(types.Length)]);
            if (example is null)
            {
                continue;
            }

            // Vary the last digits of the region's example number and keep only numbers libphonenumber calls valid.
            var national = example.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture).ToCharArray();
            for (var i = Math.Max(0, national.Length - 5); i < national.Length; i++)
            {
                national[i] = (char)('0' + random.Next(10));
            }

            var number = util.Parse("+" + example.CountryCode + new string(national), null);
            if (!util.IsValidNumber(number))
            {
                continue;
            }

            foreach (var format in new[] { PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL })
            {
                var text = util.Format(number, format);
                Assert.False(PaymentCardDetector.ContainsCardNumber(text), $"{text} ({region}) was taken for a card number");
                Assert.False(PaymentCardDetector.ContainsCardNumber($"call {text} after 5pm"), $"{text} in a note");
            }

            checkedNumbers++;
        }

        Assert.Equal(1000, checkedNumbers);
    }

    [Fact]
    public void ContainsCardNumber_TwoInternationalPhoneNumbersInOneNote_AreNeverFlagged()
    {
        // Two numbers separated by ", " or " / " are one digit run for the detector; the phone before the second
        // number must still keep the run from being read as a card with extra digits.
        var util = PhoneNumberUtil.GetInstance();
        string[] regions = ["GB", "US", "DE", "ES", "FR", "IT", "NL", "AU", "IN", "BR", "JP", "MX", "CN", "AT", "CH", "SE"];
        var random = new Random(20260307);
        var checkedPairs = 0;
        while (checkedPairs < 500)
        {
            var first = RandomValidNumber(util, regions[random.Next(regions.Length)], random);
            var second = RandomValidNumber(util, regions[random.Next(regions.Length)], random);
            if (first is null || second is null)
            {
                continue;
            }

            foreach (var separator in new[] { ", ", " / ", "; " })
            {
                var text = util.Format(first, PhoneNumberFormat.INTERNATIONAL) + separator + util.Format(second, PhoneNumberFormat.INTERNATIONAL);
                Assert.False(PaymentCardDetector.ContainsCardNumber(text), $"{text} was taken for a card number");
                var e164 = util.Format(first, PhoneNumberFormat.E164) + separator + util.Format(second, PhoneNumberFormat.E164);
                Assert.False(PaymentCardDetector.ContainsCardNumber(e164), $"{e164} was taken for a card number");
            }

            checkedPairs++;
        }
    }

    private static PhoneNumber? RandomValidNumber(PhoneNumberUtil util, string region, Random random)
    {
        var example = util.GetExampleNumberForType(region, random.Next(2) == 0 ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE);
        if (example is null)
        {
            return null;
        }

        var national = example.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture).ToCharArray();
        for (var i = Math.Max(0, national.Length - 5); i < national.Length; i++)
        {
            national[i] = (char)('0' + random.Next(10));
        }

        var number = util.Parse("+" + example.CountryCode + new string(national), null);
        return util.IsValidNumber(number) ? number : null;
    }

    /// <summary>
    /// Plain ASCII text with fewer than 13 digits is answered without reading it character by character. Appending a
    /// space and a non-ASCII letter changes no run of digits but forces the full reading, so both must answer alike for
    /// text of every shape around the 13-digit edge: cards, cards cut short, phones, digits scattered in words.
    /// </summary>
    [Fact]
    public void ContainsCardNumber_AnswersPlainAsciiAsTheFullReadingDoes()
    {
        var random = new Random(20261205);
        var flagged = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var card = CardNumberGenerator.ValidCard(random);
            var text = (i % 5) switch
            {
                0 => card,
                1 => card[..(12 + random.Next(2))],
                2 => string.Join(random.Next(2) == 0 ? " " : "-", CardNumberGenerator.Groups(card)),
                3 => $"table {random.Next(100)} order {random.Next(1_000_000)} ref {card[..random.Next(4, 12)]}",
                _ => string.Concat(card.Select(d => random.Next(3) == 0 ? $"{d}a" : d.ToString())),
            };

            var answer = PaymentCardDetector.ContainsCardNumber(text);
            Assert.Equal(PaymentCardDetector.ContainsCardNumber(text + " é"), answer);
            flagged += answer ? 1 : 0;
        }

        Assert.InRange(flagged, 1_000, 4_000);
    }

    [Fact]
    public void PassesLuhn_KnownValues()
    {
        Assert.True(PaymentCardDetector.PassesLuhn("79927398713"));
        Assert.False(PaymentCardDetector.PassesLuhn("79927398710"));
    }
}
