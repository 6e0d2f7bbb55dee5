using CustomerCore.Phones;

namespace CustomerCore.Tests;

public sealed class PhoneNormalizerTests
{
    private readonly PhoneNormalizer _normalizer = new();

    [Theory]
    [InlineData("+447911123456", "GB", "+447911123456")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("(07911) 123-456", "GB", "+447911123456")]
    [InlineData("0044 7911 123456", "GB", "+447911123456")]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    [InlineData("415.555.2671", "US", "+14155552671")]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("612 34 56 78", "ES", "+34612345678")]
    public void Normalize_AnyFormat_GivesE164(string typed, string region, string expected)
    {
        var phone = _normalizer.Normalize(typed, region)!;

        Assert.Equal(expected, phone.E164);
        Assert.Equal(typed, phone.Raw);
        Assert.Equal(new string(expected[1..].Reverse().ToArray()), phone.DigitsReversed);
    }

    [Theory]
    [InlineData("12-34")]
    [InlineData("call me")]
    [InlineData("+99 123")]
    public void Normalize_Unparseable_KeepsRawAndFlagsIt(string typed)
    {
        var phone = _normalizer.Normalize(typed, "GB")!;

        Assert.Equal(typed, phone.Raw);
        Assert.Null(phone.E164);
        Assert.False(phone.IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_Blank_ReturnsNull(string? typed) => Assert.Null(_normalizer.Normalize(typed, "GB"));

    [Theory]
    [InlineData("415 55", "US", "+141555")]
    [InlineData("1 415 55", "US", "+141555")]
    [InlineData("(415) 5", "US", "+14155")]
    [InlineData("07911 1", "GB", "+4479111")]
    [InlineData("079", "GB", "+4479")]
    [InlineData("+44 79", "GB", "+4479")]
    [InlineData("0044 7911", "GB", "+447911")]
    [InlineData("+1 415", "GB", "+1415")]
    [InlineData("030 12", "DE", "+493012")]
    public void TypedPrefixE164_NationalOrInternational_GivesTheStartOfTheE164Form(string typed, string region, string expected) =>
        Assert.Equal(expected, PhoneNormalizer.TypedPrefixE164(typed, region));

    [Theory]
    [InlineData("07", "GB")]
    [InlineData("+4", "GB")]
    [InlineData("0044", "GB")]
    [InlineData("anna", "GB")]
    [InlineData("079", "ZZ")]
    public void TypedPrefixE164_TooFewDigitsOrNotAPhone_IsNull(string typed, string region) =>
        Assert.Null(PhoneNormalizer.TypedPrefixE164(typed, region));

    [Theory]
    [InlineData("+1 415 555 0142 ext. 12", "+1 415 555 0142")]
    [InlineData("+1 415 555 0142 x12", "+1 415 555 0142")]
    [InlineData("020 7946 0123 #7", "020 7946 0123")]
    [InlineData("020 7946 0123 extension 7", "020 7946 0123")]
    [InlineData("020 7946 0123", "020 7946 0123")]
    public void WithoutExtension_DropsOnlyTheExtension(string typed, string number) =>
        Assert.Equal(number, PhoneNormalizer.WithoutExtension(typed));

    [Fact]
    public void Normalize_WithExtension_KeepsTheRawInputAndLeavesTheExtensionOutOfTheKeys()
    {
        var phone = _normalizer.Normalize("+1 415 555 0142 ext. 12", "GB")!;

        Assert.Equal("+1 415 555 0142 ext. 12", phone.Raw);
        Assert.Equal("+14155550142", phone.E164);
        Assert.Equal(PhoneNormalizer.Reverse("14155550142"), phone.DigitsReversed);
    }
}
