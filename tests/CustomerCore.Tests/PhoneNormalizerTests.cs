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
}
