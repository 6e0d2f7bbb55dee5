namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// The keys a customer's names are indexed by in <see cref="CustomerNameToken"/> rows: each name word, and for every
/// two words the pair of their first three letters (a "pair key": <c>" ale abr"</c> for Alex Abridge).
/// </summary>
/// <remarks>
/// A search for two word prefixes ("ale abr") used to intersect two index ranges, each holding every customer with a
/// word of that prefix: at a million customers several thousand rows each, 15 ms even as a bare SELECT. The pair key
/// names the few customers with both in one index seek; the search then checks each typed prefix on the candidates'
/// own words (a primary-key seek each). Pair keys begin with a space, which no name word holds (words are letters and
/// digits) and which sorts before all of them, so a word prefix's range never meets one. A customer with more than
/// <see cref="MaxPairedPrefixes"/> distinct three-letter prefixes gets one <see cref="ManyWordsKey"/> row instead of
/// its many pairs, and a pair search looks at those customers too.
/// </remarks>
internal static class CustomerNameIndex
{
    /// <summary>How many leading letters of each word a pair key keeps; a typed prefix needs at least this many to use it.</summary>
    public const int PairPrefixLength = 3;

    /// <summary>The most distinct three-letter prefixes paired per customer: up to 36 pair rows.</summary>
    public const int MaxPairedPrefixes = 8;

    /// <summary>The row of a customer whose names have too many words to pair.</summary>
    public const string ManyWordsKey = " ";

    /// <summary>The keys of a customer with these name words (<see cref="Customers.Customer.NameTokens"/>): the words,
    /// then the pair keys (or <see cref="ManyWordsKey"/>), each once.</summary>
    public static List<string> KeysFor(IReadOnlyList<string> nameTokens)
    {
        var keys = new List<string>(nameTokens.Count + 1);
        keys.AddRange(nameTokens.Distinct(StringComparer.Ordinal));

        // Each prefix with how many distinct words share it: two words of one prefix ("alex", "alec") pair with each other.
        var prefixes = keys.Where(word => word.Length >= PairPrefixLength)
            .GroupBy(word => word[..PairPrefixLength], StringComparer.Ordinal)
            .Select(g => (Prefix: g.Key, Words: g.Count()))
            .OrderBy(p => p.Prefix, StringComparer.Ordinal)
            .ToList();
        if (prefixes.Count > MaxPairedPrefixes)
        {
            keys.Add(ManyWordsKey);
            return keys;
        }

        for (var i = 0; i < prefixes.Count; i++)
        {
            if (prefixes[i].Words > 1)
            {
                keys.Add(PairKey(prefixes[i].Prefix, prefixes[i].Prefix));
            }

            for (var j = i + 1; j < prefixes.Count; j++)
            {
                keys.Add(PairKey(prefixes[i].Prefix, prefixes[j].Prefix));
            }
        }

        return keys;
    }

    /// <summary>
    /// The pair key that finds every customer matching these typed word prefixes, or null when none does: it takes the
    /// first two prefixes of at least <see cref="PairPrefixLength"/> letters of which neither begins the other (so the
    /// words they match are two different words). The caller still checks every prefix on the candidates.
    /// </summary>
    public static string? PairKeyFor(IReadOnlyList<string> prefixes)
    {
        var usable = prefixes.Where(p => p.Length >= PairPrefixLength).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < usable.Count; i++)
        {
            for (var j = i + 1; j < usable.Count; j++)
            {
                if (!usable[i].StartsWith(usable[j], StringComparison.Ordinal) && !usable[j].StartsWith(usable[i], StringComparison.Ordinal))
                {
                    return PairKey(usable[i][..PairPrefixLength], usable[j][..PairPrefixLength]);
                }
            }
        }

        return null;
    }

    // Ordinal order is code point order here: name words hold letters and digits, never a surrogate, so SQLite's binary
    // collation and PostgreSQL's "C" (what a migration's backfill orders by) agree with it.
    private static string PairKey(string first, string second) => string.CompareOrdinal(first, second) <= 0
        ? $" {first} {second}"
        : $" {second} {first}";
}
