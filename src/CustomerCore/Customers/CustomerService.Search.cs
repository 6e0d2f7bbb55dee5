using CustomerCore.Phones;
using CustomerCore.Security;

namespace CustomerCore.Customers;

public sealed partial class CustomerService
{
    private const int RankExact = 0;
    private const int RankPartial = 1;
    private const int RankName = 2;

    /// <summary>
    /// Identifies customers from what was typed at the till: a phone in any format or its last 4+ digits, an email,
    /// a customer code, a postal code or the start of each word of a name. Every way that fits the text is tried with
    /// an indexed lookup; each result says why it matched. Ordered by strength of match, then customer id.
    /// </summary>
    public async Task<OperationResult<CustomerSearchPage>> SearchAsync(
        MerchantId merchantId, CustomerQuery query, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        ArgumentNullException.ThrowIfNull(query);
        if (!await _access.HasPermissionAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<CustomerSearchPage>.Failed(_describer.Forbidden(CustomerPermissions.Read));
        }

        var text = TextNormalizer.Clean(query.Text);
        if (text is null || text.Length > 254)
        {
            return OperationResult<CustomerSearchPage>.Failed(_describer.LengthOutOfRange(nameof(CustomerQuery.Text), 1, 254));
        }

        if (query.Skip is < 0 or > CustomerQuery.MaxSkip || query.Take is < 1 or > CustomerQuery.MaxTake)
        {
            return OperationResult<CustomerSearchPage>.Failed(
                _describer.PageOutOfRange(CustomerQuery.MaxSkip, CustomerQuery.MaxTake));
        }

        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var modes = query.Modes == MatchReason.None ? (MatchReason)~0 : query.Modes;
        var limit = query.Skip + query.Take + 1;
        var found = new MatchCollector();

        if (modes.HasFlag(MatchReason.Email) && text.Contains('@') &&
            await _store.FindByNormalizedEmailAsync(merchantId, TextNormalizer.Email(text)!, cancellationToken).ConfigureAwait(false) is { } byEmail)
        {
            found.Add(byEmail, MatchReason.Email, RankExact);
        }

        if (modes.HasFlag(MatchReason.CustomerCode) && text.Length <= CustomerInputValidator.CustomerCodeMaxLength &&
            await _store.FindByNormalizedCustomerCodeAsync(merchantId, TextNormalizer.CustomerCode(text)!, cancellationToken).ConfigureAwait(false) is { } byCode)
        {
            found.Add(byCode, MatchReason.CustomerCode, RankExact);
        }

        var looksLikePhone = PhoneNormalizer.LooksLikePhone(text);
        if (looksLikePhone)
        {
            if (modes.HasFlag(MatchReason.Phone) && _phones.TryFormatE164(text, settings.DefaultRegion) is { } e164)
            {
                found.AddRange(await _store.FindByPhoneAsync(merchantId, e164, limit, cancellationToken).ConfigureAwait(false), MatchReason.Phone, RankExact);
            }

            var digits = PhoneNormalizer.DigitsOf(text);
            if (modes.HasFlag(MatchReason.PhoneLastDigits) && digits.Length >= PhoneNormalizer.MinimumSuffixDigits)
            {
                var bySuffix = await _store.FindByPhoneSuffixAsync(merchantId, PhoneNormalizer.Reverse(digits), limit, cancellationToken).ConfigureAwait(false);
                found.AddRange(bySuffix, MatchReason.PhoneLastDigits, RankPartial);
            }
        }

        if (modes.HasFlag(MatchReason.PostalCode) && text.Length <= CustomerInputValidator.PostalCodeMaxLength)
        {
            var byPostal = await _store.FindByPostalCodeAsync(merchantId, TextNormalizer.PostalCode(text)!, limit, cancellationToken).ConfigureAwait(false);
            found.AddRange(byPostal, MatchReason.PostalCode, RankPartial);
        }

        if (modes.HasFlag(MatchReason.Name) && !looksLikePhone && !text.Contains('@'))
        {
            var tokens = TextNormalizer.NameTokens(text);
            if (tokens.Count > 0)
            {
                var byName = await _store.FindByNameTokensAsync(merchantId, tokens, limit, cancellationToken).ConfigureAwait(false);
                found.AddRange(byName, MatchReason.Name, RankName);
            }
        }

        var sorted = found.Sorted();
        var page = sorted.Skip(query.Skip).Take(query.Take).ToList();
        return OperationResult<CustomerSearchPage>.Success(new CustomerSearchPage(page, sorted.Count > query.Skip + query.Take));
    }

    /// <summary>Merges results of several lookups: one entry per customer with every reason and its best rank.</summary>
    private sealed class MatchCollector
    {
        private readonly Dictionary<Guid, (Customer Customer, MatchReason Reasons, int Rank)> _matches = [];

        public void Add(Customer customer, MatchReason reason, int rank)
        {
            _matches[customer.Id] = _matches.TryGetValue(customer.Id, out var existing)
                ? (existing.Customer, existing.Reasons | reason, Math.Min(existing.Rank, rank))
                : (customer, reason, rank);
        }

        public void AddRange(IEnumerable<Customer> customers, MatchReason reason, int rank)
        {
            foreach (var customer in customers)
            {
                Add(customer, reason, rank);
            }
        }

        public List<CustomerMatch> Sorted() => _matches.Values
            .OrderBy(m => m.Rank)
            .ThenBy(m => m.Customer.Id)
            .Select(m => new CustomerMatch(m.Customer, m.Reasons))
            .ToList();
    }
}
