using CustomerCore.Phones;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Customers;

public sealed partial class CustomerService
{
    /// <summary>
    /// Identifies customers from what was typed at the till: a phone in any format or its last 4+ digits, an email,
    /// a customer code, a postal code or the start of each word of a name. Every way that fits the text is tried with
    /// an indexed lookup; each result says why it matched. In till order: exact matches (email, code, whole phone) first,
    /// then type-ahead matches in phone order, then the rest; within each, the most recent visit first (customers never
    /// seen last), then by name (first word, then second, ordinal), then customer id. A store without
    /// <see cref="ICustomerTillSearchStore"/> cannot rank by visit: its matches rank by name, then id.
    /// </summary>
    public async Task<OperationResult<CustomerSearchPage>> SearchAsync(
        MerchantId merchantId, CustomerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerSearchPage>.Failed(denied);
        }

        // Nothing is stored, but a NUL must not reach a database driver either (PostgreSQL refuses it with an exception).
        if (TextHygiene.Check(query.Text, nameof(CustomerQuery.Text), TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            return OperationResult<CustomerSearchPage>.Failed(controlCharacter);
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        if (TillSearchPlan.For(query, settings.DefaultRegion, _phones) is not { } plan)
        {
            var text = TextNormalizer.Clean(query.Text);
            return OperationResult<CustomerSearchPage>.Failed(text is null || text.Length > 254
                ? _describer.LengthOutOfRange(nameof(CustomerQuery.Text), 1, 254)
                : _describer.PageOutOfRange(CustomerQuery.MaxSkip, CustomerQuery.MaxTake));
        }

        var hits = _store is ICustomerTillSearchStore oneRoundTrip
            ? await oneRoundTrip.FindForTillAsync(merchantId, plan.ToKeys(), cancellationToken).ConfigureAwait(false)
            : await LookUpEachAsync(merchantId, plan, cancellationToken).ConfigureAwait(false);
        var found = new MatchCollector<Customer>(c => c.Id, c => c.NameTokens);
        foreach (var hit in hits)
        {
            var (rank, sortKey) = plan.RankOf(hit.Reason, hit.Customer);
            found.Add(hit.Customer, hit.Reason, rank, sortKey, hit.LastVisit);
        }

        var sorted = found.Sorted();
        var page = sorted.Skip(query.Skip).Take(query.Take).Select(m => new CustomerMatch(m.Item, m.Reasons)).ToList();
        return OperationResult<CustomerSearchPage>.Success(new CustomerSearchPage(page, sorted.Count > query.Skip + query.Take));
    }

    /// <summary>One <see cref="ICustomerStore"/> lookup per key of the plan, for stores that cannot answer the whole
    /// search at once. Those lookups list their matches by id, so each is asked for every match up to the deepest page
    /// and the ranking by name is done here; type-ahead lookups already list in phone order.</summary>
    private async Task<List<TillSearchHit>> LookUpEachAsync(MerchantId merchantId, TillSearchPlan plan, CancellationToken cancellationToken)
    {
        var hits = new List<TillSearchHit>();
        void Add(IEnumerable<Customer> customers, MatchReason reason) => hits.AddRange(customers.Select(c => new TillSearchHit(c, reason)));

        if (plan.EmailKey is { } email &&
            await _store.FindByNormalizedEmailAsync(merchantId, email, cancellationToken).ConfigureAwait(false) is { } byEmail)
        {
            Add([byEmail], MatchReason.Email);
        }

        if (plan.CodeKey is { } code &&
            await _store.FindByNormalizedCustomerCodeAsync(merchantId, code, cancellationToken).ConfigureAwait(false) is { } byCode)
        {
            Add([byCode], MatchReason.CustomerCode);
        }

        if (plan.PhoneE164 is { } e164)
        {
            Add(await _store.FindByPhoneAsync(merchantId, e164, TillSearchPlan.AllMatchesLimit, cancellationToken).ConfigureAwait(false), MatchReason.Phone);
        }

        if (plan.PhonePrefix is { } prefix)
        {
            Add(await _store.FindByPhonePrefixAsync(merchantId, prefix, plan.Limit, cancellationToken).ConfigureAwait(false), MatchReason.PhonePrefix);
        }

        if (plan.ReversedDigits is { } reversed)
        {
            Add(await _store.FindByPhoneSuffixAsync(merchantId, reversed, TillSearchPlan.AllMatchesLimit, cancellationToken).ConfigureAwait(false), MatchReason.PhoneLastDigits);
        }

        if (plan.PostalKey is { } postal)
        {
            Add(await _store.FindByPostalCodeAsync(merchantId, postal, TillSearchPlan.AllMatchesLimit, cancellationToken).ConfigureAwait(false), MatchReason.PostalCode);
        }

        if (plan.NameTokens.Count > 0)
        {
            Add(await _store.FindByNameTokensAsync(merchantId, plan.NameTokens, TillSearchPlan.AllMatchesLimit, cancellationToken).ConfigureAwait(false), MatchReason.Name);
        }

        return hits;
    }
}
