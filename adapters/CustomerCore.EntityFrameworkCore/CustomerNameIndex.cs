using CustomerCore.EntityFrameworkCore.Configurations;

namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// The keys a customer's names are indexed by in <see cref="CustomerNameToken"/> rows: each name word; for every two
/// words a "pair key": a space, the first three letters of each word in code point order, then the customer's first two
/// name words (<c>" abr ale alex abridge"</c> for Alex Abridge); and for every three-letter start of a word a "visit
/// key": a space, the three letters, <c>#</c>, the customer's latest visit as nineteen digits that sort latest first
/// (<c>n</c> for never), a space and the same two words (<c>" ale#9223371..." + " alex abridge"</c>).
/// </summary>
/// <remarks>
/// A search for two word prefixes ("ale abr") used to intersect two index ranges, each holding every customer with a
/// word of that prefix: at a million customers several thousand rows each, 15 ms even as a bare SELECT. The pair key
/// range (<c>" abr ale "</c> and on) names the customers with both, and because the rest of the key is the first two
/// name words, the index hands them over in the till's name order: ranking them by visit, then name, reads only
/// the index and each one's latest visit, never the customer rows. A one-word search ("car") matches far more: five per
/// cent of a million customers, every one of which had to be ranked. The visit keys of its three letters are already in
/// till order (latest visit, then name, then id), so the first page is the first keys of the range. That order moves
/// with every sale, so the ticket store rewrites a customer's visit keys whenever its latest visit may have changed
/// (<see cref="CustomerVisitKeys"/>). Words are letters and digits, so a space sorts before every letter of a word and
/// "first word, space, second word" sorts as the pair of words does. Pair and visit keys begin with a space, which no
/// word holds and which sorts before all of them, so a word prefix's range never meets one. A customer with more than
/// <see cref="MaxPairedPrefixes"/> distinct three-letter prefixes, or whose first two words make a visit key longer than
/// the column holds, gets one <see cref="ManyWordsKey"/> row instead of pair and visit keys; a search of three letters or
/// more reads those customers' rows and checks each prefix on their words. A key is never cut short: the cut would
/// misorder it.
/// </remarks>
internal static class CustomerNameIndex
{
    /// <summary>How many leading letters of each word a pair key keeps; a typed prefix needs at least this many to use it.</summary>
    public const int PairPrefixLength = 3;

    /// <summary>The most distinct three-letter prefixes paired per customer: up to 36 pair rows.</summary>
    public const int MaxPairedPrefixes = 8;

    /// <summary>The row of a customer whose names have too many words to pair, or too long a name to order by.</summary>
    public const string ManyWordsKey = " ";

    /// <summary>The length of a pair key before its name part: a space and two prefixes, each followed by a space.</summary>
    public const int PairPartLength = 3 + (2 * PairPrefixLength);

    /// <summary>The character after a visit key's three letters (a pair key has a space there).</summary>
    public const char VisitMarker = '#';

    /// <summary>The visit part of a customer that has never visited: sorts after every visit's digits.</summary>
    public const string NeverVisited = "n";

    /// <summary>The longest a visit key is before its name part: a space, three letters, the marker, nineteen digits
    /// and a space.</summary>
    public const int VisitPartLength = 3 + PairPrefixLength + VisitDigits;

    private const int VisitDigits = 19;

    /// <summary>The keys of a customer with these name words (<see cref="Customers.Customer.NameTokens"/>) that has
    /// never visited: the words, then the pair keys and the visit keys (or <see cref="ManyWordsKey"/>), each once. The
    /// visit keys of a customer that has visited are written by <see cref="CustomerVisitKeys"/>.</summary>
    public static List<string> KeysFor(IReadOnlyList<string> nameTokens)
    {
        var keys = new List<string>(nameTokens.Count + 4);
        keys.AddRange(nameTokens.Distinct(StringComparer.Ordinal));

        // Each prefix with how many distinct words share it: two words of one prefix ("alex", "alec") pair with each other.
        var prefixes = keys.Where(word => word.Length >= PairPrefixLength)
            .GroupBy(word => word[..PairPrefixLength], StringComparer.Ordinal)
            .Select(g => (Prefix: g.Key, Words: g.Count()))
            .OrderBy(p => p.Prefix, StringComparer.Ordinal)
            .ToList();
        if (prefixes.Count == 0)
        {
            // No word a search of three letters or more can match: the word rows answer the shorter ones.
            return keys;
        }

        var name = SortName(nameTokens);
        if (IsManyWords(prefixes.Count, name))
        {
            keys.Add(ManyWordsKey);
            return keys;
        }

        for (var i = 0; i < prefixes.Count; i++)
        {
            if (prefixes[i].Words > 1)
            {
                keys.Add(PairPart(prefixes[i].Prefix, prefixes[i].Prefix) + name);
            }

            for (var j = i + 1; j < prefixes.Count; j++)
            {
                keys.Add(PairPart(prefixes[i].Prefix, prefixes[j].Prefix) + name);
            }
        }

        keys.AddRange(prefixes.Select(p => VisitKey(p.Prefix, lastVisit: null, name)));
        return keys;
    }

    /// <summary>Whether a customer with this many distinct three-letter prefixes and this name part is indexed by one
    /// <see cref="ManyWordsKey"/> row instead of pair and visit keys: too many prefixes to pair, or a name too long for
    /// the longest key (a visit key) to hold whole.</summary>
    public static bool IsManyWords(int prefixes, string name) =>
        prefixes > MaxPairedPrefixes || VisitPartLength + name.Length > CustomerNameTokenConfiguration.TokenMaxLength;

    /// <summary>A visit key: a space, the three letters, <see cref="VisitMarker"/>, the visit part, a space, the name
    /// part. Keys of one prefix sort latest visit first, never visited last, then by name.</summary>
    public static string VisitKey(string prefix, long? lastVisit, string name) =>
        " " + prefix + VisitMarker + VisitPart(lastVisit) + " " + name;

    /// <summary>Nineteen digits of <see cref="long.MaxValue"/> less the visit's sort key (so later visits sort first),
    /// or <see cref="NeverVisited"/>.</summary>
    public static string VisitPart(long? lastVisit) => lastVisit is { } visit
        ? (long.MaxValue - visit).ToString("D19", System.Globalization.CultureInfo.InvariantCulture)
        : NeverVisited;

    /// <summary>Whether <paramref name="key"/> is a visit key (which <see cref="CustomerVisitKeys"/> writes from the
    /// database, not from the words alone).</summary>
    public static bool IsVisitKey(string key) =>
        key.Length > PairPrefixLength + 1 && key[0] == ' ' && key[PairPrefixLength + 1] == VisitMarker;

    /// <summary>The visit keys a one-word search for <paramref name="prefix"/> reads (<c>From &lt;= key &lt; To</c>), in
    /// till order; null when the prefix is shorter than three letters. Longer prefixes must be checked on the words.</summary>
    public static (string From, string To)? VisitRangeFor(string prefix) => prefix.Length < PairPrefixLength
        ? null
        : (" " + prefix[..PairPrefixLength] + VisitMarker, " " + prefix[..PairPrefixLength] + (char)(VisitMarker + 1));

    /// <summary>
    /// How a search for these typed word prefixes uses the pair keys, or null when it cannot: the first two prefixes of
    /// at least <see cref="PairPrefixLength"/> letters of which neither begins the other (so the words they match are
    /// two different words) give the range of pair keys that starts with their pair part.
    /// </summary>
    public static NamePairRange? PairRangeFor(IReadOnlyList<string> prefixes)
    {
        var distinct = prefixes.Distinct(StringComparer.Ordinal).ToList();
        var usable = distinct.Where(p => p.Length >= PairPrefixLength).ToList();
        for (var i = 0; i < usable.Count; i++)
        {
            for (var j = i + 1; j < usable.Count; j++)
            {
                if (!usable[i].StartsWith(usable[j], StringComparison.Ordinal) && !usable[j].StartsWith(usable[i], StringComparison.Ordinal))
                {
                    var from = PairPart(usable[i][..PairPrefixLength], usable[j][..PairPrefixLength]);

                    // A key of the range proves two distinct words with those three letters: enough when they are all the
                    // customer typed. Longer prefixes, or more of them, are checked on the candidate's words.
                    var exact = distinct.Count == 2 && distinct.All(p => p.Length == PairPrefixLength);
                    return new NamePairRange(from, from[..^1] + "!", exact ? [] : distinct);
                }
            }
        }

        return null;
    }

    /// <summary>The name part of a customer's pair and visit keys: its first two name words, a space between.</summary>
    public static string SortName(IReadOnlyList<string> nameTokens) =>
        (nameTokens.Count > 0 ? nameTokens[0] : string.Empty) + " " + (nameTokens.Count > 1 ? nameTokens[1] : string.Empty);

    // Ordinal order is code point order here: name words hold letters and digits, never a surrogate, so SQLite's binary
    // collation and PostgreSQL's "C" (what a migration's backfill orders by) agree with it.
    private static string PairPart(string first, string second) => string.CompareOrdinal(first, second) <= 0
        ? $" {first} {second} "
        : $" {second} {first} ";
}

/// <summary>The pair keys a two-word name search reads: <c>From &lt;= key &lt; To</c>, then each of
/// <paramref name="Checks"/> verified on the candidate's own words (none when the range alone proves the match).
/// The name part of each key (from <see cref="CustomerNameIndex.PairPartLength"/> on) orders the candidates by name.</summary>
internal sealed record NamePairRange(string From, string To, IReadOnlyList<string> Checks);
