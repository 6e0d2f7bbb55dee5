using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// The prepared till search keeps one statement text per search shape and, for later searches of that shape, only
/// collects their parameter values. That is right only if the shape determines the text and the values come out in
/// the same order either way: composed over many searches on both dialects, equal shapes must give equal texts and
/// the values-only pass the same values.
/// </summary>
public sealed class TillSearchShapeTests
{
    private static readonly MerchantId Merchant = new("m-shape");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheShapeDecidesTheText_AndTheValuesComeInTheSameOrderWithoutIt(bool postgres)
    {
        var options = new DbContextOptionsBuilder<CustomerCoreDbContext>();
        if (postgres)
        {
            options.UseNpgsql("Host=unused");
        }
        else
        {
            options.UseSqlite("Data Source=:memory:");
        }

        using var context = new CustomerCoreDbContext(options.Options);
        var names = PreparedTillSearch.NamesFor(context);
        var texts = new List<(string Shape, string Text)>();
        foreach (var keys in Searches())
        {
            var withText = new PreparedTillSearch.Statement(names);
            var text = withText.Compose(Merchant, keys, withText: true);
            var valuesOnly = new PreparedTillSearch.Statement(names);
            var nothing = valuesOnly.Compose(Merchant, keys, withText: false);
            Assert.Equal(text is null, nothing is null);
            Assert.Equal(withText.ParameterValues, valuesOnly.ParameterValues);
            Assert.Equal(withText.ParameterNames, valuesOnly.ParameterNames);
            if (text is not null)
            {
                texts.Add((PreparedTillSearch.Statement.ShapeOf(keys), text));
            }
        }

        // Shapes may be finer than texts (an email or code lookup takes one match whatever the limit): that only keeps a
        // text twice. A shape with two texts would run the wrong statement.
        Assert.All(texts.GroupBy(t => t.Shape), shape => Assert.Single(shape.Select(t => t.Text).Distinct()));
        Assert.True(texts.Select(t => t.Shape).Distinct().Count() > 100);
    }

    /// <summary>Every combination of keys, two values of each, two limits, and name words of every kind the search
    /// distinguishes (pair or not, checked or not, a prefix without an upper bound).</summary>
    private static IEnumerable<TillSearchKeys> Searches()
    {
        string[][] nameSets =
        [
            [], ["ale"], ["ale", "abr"], ["alex", "abri"], ["al", "abr"], ["ale", "alex"], ["ale", "abr", "ced"],
            ["\U0010FFFF", "abr", "ced"], ["abr", "ced", "\U0010FFFF\U0010FFFF\U0010FFFF"],
        ];
        for (var mask = 0; mask < 64; mask++)
        {
            foreach (var variant in new[] { "1", "2" })
            {
                foreach (var limit in new[] { 1, 21 })
                {
                    foreach (var nameSet in nameSets)
                    {
                        string? Key(int bit, string value) => (mask & (1 << bit)) == 0 ? null : value + variant;
                        yield return new TillSearchKeys(
                            Key(0, "a@example.com"), Key(1, "CODE"), Key(2, "+4420794000"), Key(3, "+44207"), Key(4, "1000"), Key(5, "SW1A"),
                            [.. nameSet.Select(n => n.Length > 1 && variant == "2" && n[0] < 'z' ? n + "x" : n)], limit);
                    }
                }
            }
        }
    }
}
