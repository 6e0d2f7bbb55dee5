using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Tests;

public sealed class NormalizationAndMaskingTests
{
    [Theory]
    [InlineData("José  O'Brien-Smith", new[] { "jose", "o", "brien", "smith" })]
    [InlineData("ÅSA Øberg", new[] { "asa", "oberg" })]
    [InlineData("Straße", new[] { "strasse" })]
    [InlineData("  ", new string[0])]
    public void NameTokens_FoldCaseAndAccents(string name, string[] expected) =>
        Assert.Equal(expected, TextNormalizer.NameTokens(name));

    [Theory]
    [InlineData(" sw1a 1aa ", "SW1A1AA")]
    [InlineData("10115", "10115")]
    [InlineData("k1a\t0b1", "K1A0B1")]
    public void PostalCode_IgnoresCaseAndSpaces(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.PostalCode(input));

    [Fact]
    public void Email_IsTrimmedAndLowerCased() => Assert.Equal("ann@example.com", TextNormalizer.Email("  Ann@Example.COM "));

    [Theory]
    [InlineData("john@example.com", "j***@example.com")]
    [InlineData("x", "***")]
    [InlineData("", "")]
    public void MaskEmail(string email, string expected) => Assert.Equal(expected, PersonalDataMask.Email(email));

    [Theory]
    [InlineData("+447911123123", "+44*******123")]
    [InlineData("12345", "*****")]
    public void MaskPhone(string phone, string expected) => Assert.Equal(expected, PersonalDataMask.Phone(phone));
}
