using CustomerCore.Phones;
using CustomerCore.Security;

namespace CustomerCore.Customers;

public sealed partial class CustomerService
{
    /// <summary>
    /// Identifies customers from what was typed at the till: a phone in any format or its last 4+ digits, an email,
    /// a customer code, a postal code or the start of each word of a name. Every way that fits the text is tried with
    /// an indexed lookup; each result says why it matched. Ordered by strength of match, then customer id.
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

        var found = new MatchCollector<Customer>(c => c.Id);
        if (plan.EmailKey is { } email &&
            await _store.FindByNormalizedEmailAsync(merchantId, email, cancellationToken).ConfigureAwait(false) is { } byEmail)
        {
            found.Add(byEmail, MatchReason.Email, TillSearchPlan.RankExact);
        }

        if (plan.CodeKey is { } code &&
            await _store.FindByNormalizedCustomerCodeAsync(merchantId, code, cancellationToken).ConfigureAwait(false) is { } byCode)
        {
            found.Add(byCode, MatchReason.CustomerCode, TillSearchPlan.RankExact);
        }

        if (plan.PhoneE164 is { } e164)
        {
            found.AddRange(await _store.FindByPhoneAsync(merchantId, e164, plan.Limit, cancellationToken).ConfigureAwait(false), MatchReason.Phone, TillSearchPlan.RankExact);
        }

        if (plan.PhonePrefix is { } prefix)
        {
            var byPrefix = await _store.FindByPhonePrefixAsync(merchantId, prefix, plan.Limit, cancellationToken).ConfigureAwait(false);
            found.AddRange(byPrefix, MatchReason.PhonePrefix, TillSearchPlan.RankPhonePrefix, c => TillSearchPlan.PrefixSortKey(c.PhoneE164, c.SecondaryPhoneE164, prefix));
        }

        if (plan.ReversedDigits is { } reversed)
        {
            var bySuffix = await _store.FindByPhoneSuffixAsync(merchantId, reversed, plan.Limit, cancellationToken).ConfigureAwait(false);
            found.AddRange(bySuffix, MatchReason.PhoneLastDigits, TillSearchPlan.RankPartial);
        }

        if (plan.PostalKey is { } postal)
        {
            var byPostal = await _store.FindByPostalCodeAsync(merchantId, postal, plan.Limit, cancellationToken).ConfigureAwait(false);
            found.AddRange(byPostal, MatchReason.PostalCode, TillSearchPlan.RankPartial);
        }

        if (plan.NameTokens.Count > 0)
        {
            var byName = await _store.FindByNameTokensAsync(merchantId, plan.NameTokens, plan.Limit, cancellationToken).ConfigureAwait(false);
            found.AddRange(byName, MatchReason.Name, TillSearchPlan.RankName);
        }

        var sorted = found.Sorted();
        var page = sorted.Skip(query.Skip).Take(query.Take).Select(m => new CustomerMatch(m.Item, m.Reasons)).ToList();
        return OperationResult<CustomerSearchPage>.Success(new CustomerSearchPage(page, sorted.Count > query.Skip + query.Take));
    }
}
