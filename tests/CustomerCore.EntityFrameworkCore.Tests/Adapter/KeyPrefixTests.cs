using CustomerCore.EntityFrameworkCore.Stores;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

public sealed class KeyPrefixTests
{
    [Theory]
    [InlineData("3461", "3462")]
    [InlineData("jos", "jot")]
    [InlineData("ωm", "ωn")]
    [InlineData("a\uD7FF", "a\uE000")]
    [InlineData("z\U0010FFFF", "{")]
    [InlineData("b\U0001F600", "b\U0001F601")]
    public void UpperBound_RaisesTheLastCodePoint(string prefix, string expected)
    {
        Assert.Equal(expected, KeyPrefix.UpperBound(prefix));
    }

    [Fact]
    public void UpperBound_OfOnlyTheLastCodePoint_IsUnbounded()
    {
        Assert.Null(KeyPrefix.UpperBound("\U0010FFFF"));
    }

    [Theory]
    [InlineData("jose")]
    [InlineData("jos")]
    [InlineData("jos\uFFFF")]
    [InlineData("jos\U0001F600")]
    public void EveryStringWithThePrefix_SortsInsideTheRangeByCodePoint(string key)
    {
        var upper = KeyPrefix.UpperBound("jos")!;
        Assert.True(CompareByCodePoint(key, "jos") >= 0 && CompareByCodePoint(key, upper) < 0);
    }

    // The order SQLite and PostgreSQL's "C" collation use: UTF-8 bytes, that is, code points.
    private static int CompareByCodePoint(string left, string right) =>
        System.Text.Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(right));
}
