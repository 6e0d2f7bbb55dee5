using CustomerCore.Customers;
using CustomerCore.Phones;

namespace CustomerCore.ChangeFeed;

/// <summary>
/// An offline copy of a merchant's directory kept by a till from the change feed alone: apply the entries in order
/// (<see cref="Apply"/>) and search as the live directory does (<see cref="Search"/>), with the same matching, reasons
/// and order. Not thread-safe; a till owns one. See docs/change-feed.md.
/// </summary>
public sealed class TillDirectory
{
    private readonly SortedDictionary<Guid, Indexed> _customers = [];
    private readonly Dictionary<Guid, TillGroupSnapshot> _groups = [];
    private readonly PhoneNormalizer _phones = new();
    private readonly string _region;

    /// <summary>Creates an empty replica for a merchant whose phones default to <paramref name="defaultRegion"/>.</summary>
    public TillDirectory(MerchantId merchantId, string defaultRegion)
    {
        merchantId.ThrowIfEmpty();
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultRegion);
        MerchantId = merchantId;
        _region = defaultRegion;
    }

    /// <summary>The merchant the replica belongs to.</summary>
    public MerchantId MerchantId { get; }

    /// <summary>The sequence of the last entry applied; pass it as <c>afterSequence</c> when polling the feed.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Every customer held, by id.</summary>
    public IReadOnlyList<TillCustomerSnapshot> Customers => _customers.Values.Select(c => c.Snapshot).ToList();

    /// <summary>Every group held, by id.</summary>
    public IReadOnlyList<TillGroupSnapshot> Groups => _groups.Values.OrderBy(g => g.Id).ToList();

    /// <summary>Finds a customer by id.</summary>
    public TillCustomerSnapshot? Find(Guid customerId) => _customers.TryGetValue(customerId, out var found) ? found.Snapshot : null;

    /// <summary>
    /// Applies entries read from the feed, in order. Entries at or below <see cref="LastSequence"/> are skipped (a poll
    /// may overlap). Throws <see cref="InvalidOperationException"/> on a gap: the till must then load the directory again.
    /// </summary>
    public void Apply(IEnumerable<ChangeFeedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (entry.MerchantId != MerchantId)
            {
                throw new ArgumentException($"The entry belongs to another merchant than {MerchantId}.", nameof(entries));
            }

            if (entry.Sequence <= LastSequence)
            {
                continue;
            }

            if (entry.Sequence != LastSequence + 1)
            {
                throw new InvalidOperationException($"The feed skipped from {LastSequence} to {entry.Sequence}; load the directory again from sequence 0.");
            }

            if (entry.IsCustomerChange)
            {
                if (entry.Customer is { } snapshot)
                {
                    _customers[entry.EntityId] = Index(snapshot);
                }
                else
                {
                    _customers.Remove(entry.EntityId);
                }
            }
            else if (entry.Group is { } group)
            {
                _groups[entry.EntityId] = group;
            }
            else
            {
                _groups.Remove(entry.EntityId);
            }

            LastSequence = entry.Sequence;
        }
    }

    /// <summary>
    /// Searches as <see cref="CustomerService.SearchAsync"/> does: a phone in any format or its last digits, an email, a
    /// code, a postal code or name prefixes; each result says why it matched; in till order (strongest match first, then
    /// most recent visit, then name). The replica holds no tickets, so every customer ranks here as never visited: within
    /// a rank, by name, then id.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty or longer than 254 characters, or skip/take are out of bounds.</exception>
    public TillSearchPage Search(CustomerQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var plan = TillSearchPlan.For(query, _region, _phones)
            ?? throw new ArgumentException("The text must be 1 to 254 characters, skip 0 to 10,000 and take 1 to 100.", nameof(query));
        var found = new MatchCollector<Indexed>(c => c.Snapshot.Id, c => c.NameTokens);
        var searchable = _customers.Values.Where(c => !c.Snapshot.Erased).ToList();

        // Each lookup keeps every match up to the deepest page: the ranking by name is done here, not by the lookup.
        void Lookup(Func<Indexed, bool> matches, MatchReason reason, int rank, int limit) =>
            found.AddRange(searchable.Where(matches).Take(limit), reason, rank);

        if (plan.EmailKey is { } email)
        {
            Lookup(c => c.Email == email, MatchReason.Email, TillSearchPlan.RankExact, 1);
        }

        if (plan.CodeKey is { } code)
        {
            Lookup(c => c.Code == code, MatchReason.CustomerCode, TillSearchPlan.RankExact, 1);
        }

        if (plan.PhoneE164 is { } e164)
        {
            Lookup(c => c.Snapshot.PhoneE164 == e164 || c.Snapshot.SecondaryPhoneE164 == e164, MatchReason.Phone, TillSearchPlan.RankExact, TillSearchPlan.AllMatchesLimit);
        }

        if (plan.PhonePrefix is { } prefix)
        {
            // Type-ahead keeps its first matches in phone order, as the stores do.
            string? Key(Indexed c) => TillSearchPlan.PrefixSortKey(c.Snapshot.PhoneE164, c.Snapshot.SecondaryPhoneE164, prefix);
            var byPrefix = searchable
                .Where(c => c.Snapshot.PhoneE164?.StartsWith(prefix, StringComparison.Ordinal) == true || c.Snapshot.SecondaryPhoneE164?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .OrderBy(Key, StringComparer.Ordinal)
                .ThenBy(c => c.Snapshot.Id)
                .Take(plan.Limit);
            found.AddRange(byPrefix, MatchReason.PhonePrefix, TillSearchPlan.RankPhonePrefix, Key);
        }

        if (plan.ReversedDigits is { } reversed)
        {
            Lookup(c => c.ReversedDigits?.StartsWith(reversed, StringComparison.Ordinal) == true, MatchReason.PhoneLastDigits, TillSearchPlan.RankOther, TillSearchPlan.AllMatchesLimit);
        }

        if (plan.PostalKey is { } postal)
        {
            Lookup(c => c.Postal == postal, MatchReason.PostalCode, TillSearchPlan.RankOther, TillSearchPlan.AllMatchesLimit);
        }

        if (plan.NameTokens.Count > 0)
        {
            Lookup(c => plan.NameTokens.All(prefix => c.NameTokens.Any(t => t.StartsWith(prefix, StringComparison.Ordinal))), MatchReason.Name, TillSearchPlan.RankOther, TillSearchPlan.AllMatchesLimit);
        }

        var sorted = found.Sorted();
        var page = sorted.Skip(query.Skip).Take(query.Take).Select(m => new TillMatch(m.Item.Snapshot, m.Reasons)).ToList();
        return new TillSearchPage(page, sorted.Count > query.Skip + query.Take);
    }

    private static Indexed Index(TillCustomerSnapshot snapshot)
    {
        var digits = snapshot.PhoneE164 is { } e164 ? e164[1..] : snapshot.Phone is { } raw ? PhoneNormalizer.DigitsOf(PhoneNormalizer.WithoutExtension(raw)) : null;
        return new Indexed(
            snapshot,
            TextNormalizer.Email(snapshot.Email),
            TextNormalizer.CustomerCode(snapshot.CustomerCode),
            TextNormalizer.PostalCode(snapshot.PostalCode),
            string.IsNullOrEmpty(digits) ? null : PhoneNormalizer.Reverse(digits),
            TextNormalizer.NameTokens(snapshot.FirstName, snapshot.LastName, snapshot.DisplayName, snapshot.CompanyName));
    }

    private sealed record Indexed(TillCustomerSnapshot Snapshot, string? Email, string? Code, string? Postal, string? ReversedDigits, List<string> NameTokens);
}

/// <summary>A customer found in a <see cref="TillDirectory"/>, and why.</summary>
/// <param name="Customer">The customer as the till holds it.</param>
/// <param name="MatchedBy">Every way the customer matched.</param>
public sealed record TillMatch(TillCustomerSnapshot Customer, MatchReason MatchedBy);

/// <summary>One page of <see cref="TillDirectory.Search"/> results.</summary>
/// <param name="Items">The matches on this page.</param>
/// <param name="HasMore">Whether another page follows.</param>
public sealed record TillSearchPage(IReadOnlyList<TillMatch> Items, bool HasMore);
