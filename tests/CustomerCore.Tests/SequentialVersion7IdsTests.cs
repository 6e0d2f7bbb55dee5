using System.Globalization;
using System.Text;
using CustomerCore.Importing;
using CustomerCore.Stores;

namespace CustomerCore.Tests;

/// <summary>
/// An import's new customers get version-7 ids that increase in file order, so the indexes that lead with the customer
/// id take them at their end (docs/performance.md, run S). The ids must stay valid version-7 ids of the import's instant,
/// increase in every order the stores sort ids in, and differ between two imports of the same instant.
/// </summary>
public sealed class SequentialVersion7IdsTests
{
    private static readonly DateTimeOffset Instant = new(2026, 12, 5, 9, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Ids_AreVersion7OfTheInstant_AndIncreaseInByteTextAndGuidOrder()
    {
        var ids = new SequentialVersion7Ids(Instant);
        var previous = ids.Next();
        for (var i = 0; i < 20_000; i++)
        {
            var next = ids.Next();
            Assert.Equal(7, next.Version);
            Assert.Equal(0b10, next.Variant >> 2);
            Assert.Equal(Instant.ToUnixTimeMilliseconds(), UnixMillisecondsOf(next));
            Assert.True(next.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(previous.ToByteArray(bigEndian: true)) > 0, $"{next} after {previous}");
            Assert.True(string.CompareOrdinal(next.ToString().ToUpperInvariant(), previous.ToString().ToUpperInvariant()) > 0);
            Assert.True(next.CompareTo(previous) > 0);
            previous = next;
        }
    }

    [Fact]
    public void WhenTheCounterRunsOut_IdsCarryIntoTheNextMillisecond_AndStillIncrease()
    {
        var ids = new SequentialVersion7Ids(Instant, uint.MaxValue);
        var last = ids.Next();
        var carried = ids.Next();
        Assert.Equal(Instant.ToUnixTimeMilliseconds(), UnixMillisecondsOf(last));
        Assert.Equal(Instant.ToUnixTimeMilliseconds() + 1, UnixMillisecondsOf(carried));
        Assert.True(carried.CompareTo(last) > 0);
        Assert.Equal(7, carried.Version);
    }

    [Fact]
    public void TwoRunsOfTheSameInstant_MakeDifferentIds_EvenFromTheSameCounter()
    {
        var first = new SequentialVersion7Ids(Instant, 0);
        var second = new SequentialVersion7Ids(Instant, 0);
        var made = Enumerable.Range(0, 1_000).SelectMany(_ => new[] { first.Next(), second.Next() }).ToList();
        Assert.Equal(made.Count, made.Distinct().Count());
    }

    [Fact]
    public async Task AnImport_GivesItsNewCustomers_IdsInFileOrder()
    {
        await using var harness = new ImportHarness();
        var csv = new StringBuilder("Email,First Name\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@example.com,Person\n");
        }

        var applied = await harness.Importer.ApplyAsync(
            harness.Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(applied.Succeeded, applied.ToString());

        var store = harness.Resolve<ICustomerStore>();
        var ids = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add((await store.FindByNormalizedEmailAsync(harness.Merchant, $"person{i}@example.com", TestContext.Current.CancellationToken))!.Id);
        }

        Assert.Equal(ids.Order().ToList(), ids);
    }

    private static long UnixMillisecondsOf(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        return ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
    }
}
