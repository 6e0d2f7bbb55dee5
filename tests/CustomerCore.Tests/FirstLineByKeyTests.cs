using CustomerCore.Importing;

namespace CustomerCore.Tests;

public sealed class FirstLineByKeyTests
{
    [Fact]
    public void AKeySeenAgain_NamesTheLineItFirstAppearedOn()
    {
        using var lines = new FirstLineByKey();

        Assert.True(lines.TryAdd("ann@example.com", 2, out var first));
        Assert.Equal(2, first);
        Assert.True(lines.TryAdd("bob@example.com", 3, out _));
        Assert.False(lines.TryAdd("ann@example.com", 7, out var repeated));
        Assert.Equal(2, repeated);
        Assert.False(lines.TryAdd("ann@example.com", 9, out var again));
        Assert.Equal(2, again);
    }

    [Fact]
    public void KeysThatDifferInOneCharacter_OrOnlyInCaseOrAccent_AreDifferentKeys()
    {
        using var lines = new FirstLineByKey();
        string[] keys = ["+14155550100", "+14155550101", "C0000001", "c0000001", "zoë@example.com", "zoe@example.com", "", " "];

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(lines.TryAdd(keys[i], i + 2, out _), keys[i]);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.False(lines.TryAdd(keys[i], 99, out var firstLine), keys[i]);
            Assert.Equal(i + 2, firstLine);
        }

        Assert.True(lines.TryAdd("+14155550102", 99, out _));
    }

    [Fact]
    public void AKeyLongerThanTheStackBuffer_IsRecognisedToo()
    {
        using var lines = new FirstLineByKey();
        var longKey = new string('é', 400) + "@example.com"; // 812 bytes in UTF-8
        var almostTheSame = new string('é', 400) + "@example.org";

        Assert.True(lines.TryAdd(longKey, 4, out _));
        Assert.True(lines.TryAdd(almostTheSame, 5, out _));
        Assert.False(lines.TryAdd(longKey, 6, out var first));
        Assert.Equal(4, first);
    }

    [Fact]
    public void AMillionDistinctKeys_AreAllDistinct()
    {
        using var lines = new FirstLineByKey();

        for (var i = 0; i < 1_000_000; i++)
        {
            Assert.True(lines.TryAdd($"customer{i}@example.com", i + 2, out _));
        }

        Assert.False(lines.TryAdd("customer123456@example.com", 1_000_002, out var first));
        Assert.Equal(123_458, first);
        Assert.False(lines.TryAdd("customer0@example.com", 1_000_003, out var firstOfAll));
        Assert.Equal(2, firstOfAll);
    }

    [Fact]
    public void AfterForget_NoKeyIsKnown_AndKeysCanBeAddedAgain()
    {
        using var lines = new FirstLineByKey();
        Assert.True(lines.TryAdd("ann@example.com", 2, out _));

        lines.Forget();

        Assert.True(lines.TryAdd("ann@example.com", 5, out var first));
        Assert.Equal(5, first);
        Assert.False(lines.TryAdd("ann@example.com", 6, out var again));
        Assert.Equal(5, again);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4_294_967_296L)]
    public void ALineNumberTheTableCannotHold_IsRefused(long line)
    {
        // Line 0 marks an empty slot and a line is kept in 32 bits; a CSV file's data rows start at line 2.
        using var lines = new FirstLineByKey();

        Assert.Throws<ArgumentOutOfRangeException>(() => lines.TryAdd("ann@example.com", line, out _));
    }
}
