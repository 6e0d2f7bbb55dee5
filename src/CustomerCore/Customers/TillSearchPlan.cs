using CustomerCore.Phones;

namespace CustomerCore.Customers;

/// <summary>
/// Which lookups a till search runs for the text typed, and with what keys. Shared by the live search
/// (<see cref="CustomerService.SearchAsync"/>) and the offline replica (<see cref="ChangeFeed.TillDirectory"/>) so both
/// read the text the same way.
/// </summary>
internal sealed record TillSearchPlan(
    string? EmailKey,
    string? CodeKey,
    string? PhoneE164,
    string? PhonePrefix,
    string? ReversedDigits,
    string? PostalKey,
    IReadOnlyList<string> NameTokens,
    int Limit)
{
    /// <summary>Strongest match: the whole email, code or phone.</summary>
    public const int RankExact = 0;
    /// <summary>The start of a phone number (type-ahead), listed in phone order so the list narrows as digits are typed.</summary>
    public const int RankPhonePrefix = 1;
    /// <summary>Every other way: last digits, postal code, name prefixes.</summary>
    public const int RankOther = 2;

    /// <summary>The number a type-ahead match is listed by: the main phone when it starts with the typed digits, else
    /// the secondary one. Stores return type-ahead matches in this order, then by id.</summary>
    public static string? PrefixSortKey(string? phoneE164, string? secondaryPhoneE164, string e164Prefix) =>
        phoneE164?.StartsWith(e164Prefix, StringComparison.Ordinal) == true ? phoneE164 : secondaryPhoneE164;

    /// <summary>The plan's keys, as a store that answers the whole search in one round trip takes them.</summary>
    public Stores.TillSearchKeys ToKeys() => new(EmailKey, CodeKey, PhoneE164, PhonePrefix, ReversedDigits, PostalKey, NameTokens, Limit);

    /// <summary>How strongly a lookup's match ranks, and the key it is listed by within that rank.</summary>
    public (int Rank, string? SortKey) RankOf(MatchReason reason, Customer customer) => reason switch
    {
        MatchReason.Email or MatchReason.CustomerCode or MatchReason.Phone => (RankExact, null),
        MatchReason.PhonePrefix => (RankPhonePrefix, PrefixSortKey(customer.PhoneE164, customer.SecondaryPhoneE164, PhonePrefix!)),
        _ => (RankOther, null),
    };

    /// <summary>The most a lookup returns when the whole ranking is done here rather than by the store (a store without
    /// <see cref="Stores.ICustomerTillSearchStore"/>, the offline replica): every match up to the deepest page, so that the
    /// first matches by name are among them whatever order the lookup returns them in.</summary>
    public const int AllMatchesLimit = CustomerQuery.MaxSkip + CustomerQuery.MaxTake + 1;

    /// <summary>Plans the search, or null when the query is out of bounds (the caller reports which bound).</summary>
    public static TillSearchPlan? For(CustomerQuery query, string region, PhoneNormalizer phones)
    {
        var text = TextNormalizer.Clean(query.Text);
        if (text is null || text.Length > 254 || query.Skip is < 0 or > CustomerQuery.MaxSkip || query.Take is < 1 or > CustomerQuery.MaxTake)
        {
            return null;
        }

        var modes = query.Modes == MatchReason.None ? (MatchReason)~0 : query.Modes;
        var looksLikePhone = PhoneNormalizer.LooksLikePhone(text);
        var digits = looksLikePhone ? PhoneNormalizer.DigitsOf(text) : string.Empty;
        var e164 = looksLikePhone && modes.HasFlag(MatchReason.Phone) ? phones.TryFormatE164(text, region) : null;

        // A whole, valid phone number is looked up as a phone (and by its last digits, which also finds numbers stored
        // in a form that does not parse); reading it as the start of a number, a customer code or a postal code as well
        // only costs lookups. A caller who means a code says so with Modes.
        var wholePhone = e164 is not null && query.Modes == MatchReason.None;

        // Likewise text with an '@' is an email: no postal code has one, and a code that does is asked for with Modes.
        var email = text.Contains('@');
        var onlyAsEmail = email && query.Modes == MatchReason.None;
        return new TillSearchPlan(
            EmailKey: modes.HasFlag(MatchReason.Email) && email ? TextNormalizer.Email(text) : null,
            CodeKey: !wholePhone && !onlyAsEmail && modes.HasFlag(MatchReason.CustomerCode) && text.Length <= CustomerFieldLimits.CustomerCodeMaxLength ? TextNormalizer.CustomerCode(text) : null,
            PhoneE164: e164,
            PhonePrefix: !wholePhone && modes.HasFlag(MatchReason.PhonePrefix) ? PhoneNormalizer.TypedPrefixE164(text, region) : null,
            ReversedDigits: modes.HasFlag(MatchReason.PhoneLastDigits) && digits.Length >= PhoneNormalizer.MinimumSuffixDigits ? PhoneNormalizer.Reverse(digits) : null,
            PostalKey: !wholePhone && !onlyAsEmail && modes.HasFlag(MatchReason.PostalCode) && text.Length <= CustomerFieldLimits.PostalCodeMaxLength ? TextNormalizer.PostalCode(text) : null,
            NameTokens: modes.HasFlag(MatchReason.Name) && !looksLikePhone && !text.Contains('@') ? TextNormalizer.NameTokens(text) : [],
            Limit: query.Skip + query.Take + 1);
    }
}

/// <summary>
/// Merges results of several lookups: one entry per customer with every reason, its best rank and the sort key of the
/// lookup that gave that rank, and lists them in till order (<see cref="Sorted"/>).
/// </summary>
internal sealed class MatchCollector<T>(Func<T, Guid> idOf, Func<T, IReadOnlyList<string>> nameTokensOf)
{
    private readonly Dictionary<Guid, Match> _matches = [];

    public void Add(T item, MatchReason reason, int rank, string? sortKey = null, DateTimeOffset? lastVisit = null)
    {
        var id = idOf(item);
        _matches[id] = _matches.TryGetValue(id, out var existing)
            ? rank < existing.Rank
                ? existing with { Reasons = existing.Reasons | reason, Rank = rank, SortKey = sortKey }
                : existing with { Reasons = existing.Reasons | reason }
            : new Match(item, reason, rank, sortKey, lastVisit);
    }

    public void AddRange(IEnumerable<T> items, MatchReason reason, int rank, Func<T, string?>? sortKey = null)
    {
        foreach (var item in items)
        {
            Add(item, reason, rank, sortKey?.Invoke(item));
        }
    }

    /// <summary>
    /// Till order: strongest match first; within a rank, a lookup with its own sort key (type-ahead: the phone) lists by
    /// that key, then id; the others by the most recent visit (never visited last), then the first and second words of
    /// the name (ordinal), then id (creation order). Each lookup returns its first matches in this same order, so paging
    /// is stable.
    /// </summary>
    public List<(T Item, MatchReason Reasons)> Sorted() => _matches.Values
        .OrderBy(m => m.Rank)
        .ThenBy(m => m.SortKey, StringComparer.Ordinal)
        .ThenByDescending(m => m.SortKey is null ? m.LastVisit?.UtcTicks ?? -1 : 0)
        .ThenBy(m => m.SortKey is null ? NameWord(nameTokensOf(m.Item), 0) : string.Empty, StringComparer.Ordinal)
        .ThenBy(m => m.SortKey is null ? NameWord(nameTokensOf(m.Item), 1) : string.Empty, StringComparer.Ordinal)
        .ThenBy(m => idOf(m.Item))
        .Select(m => (m.Item, m.Reasons))
        .ToList();

    /// <summary>The name word a ranking compares at <paramref name="position"/>; empty when the name has fewer words.</summary>
    public static string NameWord(IReadOnlyList<string> nameTokens, int position) =>
        position < nameTokens.Count ? nameTokens[position] : string.Empty;

    private sealed record Match(T Item, MatchReason Reasons, int Rank, string? SortKey, DateTimeOffset? LastVisit);
}
