using CustomerCore.Customers;
using CustomerCore.Stores;
using CustomerCore.Tickets;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ICustomerStore"/> that keeps customers in memory; thread-safe. Answers till searches in one
/// call, ranked by the visits the in-memory ticket store holds (<see cref="ICustomerTillSearchStore"/>).</summary>
public sealed class InMemoryCustomerStore : ICustomerStore, ICustomerTillSearchStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryCustomerTable _table;
    private readonly InMemoryKeyedTable<TicketLink> _tickets;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryCustomerStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryCustomerTable>();
        _tickets = database.Table<InMemoryKeyedTable<TicketLink>>();
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> CreateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var copy = customer.Clone();
        return _database.RunAsync(() =>
        {
            var uniqueness = CheckUnique(copy);
            if (uniqueness != StoreWriteOutcome.Success)
            {
                return uniqueness;
            }

            if (_table.Rows.ContainsKey(copy.Id))
            {
                throw new InvalidOperationException($"Customer {copy.Id} already exists.");
            }

            _table.Insert(copy);
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> UpdateAsync(Customer customer, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var copy = customer.Clone();
        return _database.RunAsync(() =>
        {
            if (!_table.Rows.TryGetValue(copy.Id, out var stored) || stored.MerchantId != copy.MerchantId)
            {
                return StoreWriteOutcome.NotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return StoreWriteOutcome.VersionConflict;
            }

            var uniqueness = CheckUnique(copy);
            if (uniqueness != StoreWriteOutcome.Success)
            {
                return uniqueness;
            }

            _table.Replace(stored, copy);
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CustomerBatchWriteResult> WriteBatchAsync(IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Select(w => w.Customer.MerchantId).Distinct().Skip(1).Any())
        {
            throw new ArgumentException("All writes of a batch must belong to one merchant.", nameof(writes));
        }

        var copies = writes.Select(w => (Customer: w.Customer.Clone(), w.ExpectedVersion)).ToList();
        return _database.RunAsync(() =>
        {
            // Check everything first, including keys repeated inside the batch, so a refused batch writes nothing.
            var emails = new Dictionary<(string, string), Guid>();
            var codes = new Dictionary<(string, string), Guid>();
            for (var i = 0; i < copies.Count; i++)
            {
                var (customer, expected) = copies[i];
                var stored = _table.Rows.GetValueOrDefault(customer.Id);
                if (expected is { } version)
                {
                    if (stored is null || stored.MerchantId != customer.MerchantId)
                    {
                        return new CustomerBatchWriteResult(StoreWriteOutcome.NotFound, i);
                    }

                    if (stored.Version != version)
                    {
                        return new CustomerBatchWriteResult(StoreWriteOutcome.VersionConflict, i);
                    }
                }
                else if (stored is not null)
                {
                    throw new InvalidOperationException($"Customer {customer.Id} already exists.");
                }

                var unique = CheckUnique(customer);
                var merchant = customer.MerchantId.Value;
                if (unique == StoreWriteOutcome.Success && customer.NormalizedEmail is { } email && !emails.TryAdd((merchant, email), customer.Id))
                {
                    unique = StoreWriteOutcome.DuplicateEmail;
                }

                if (unique == StoreWriteOutcome.Success && customer.NormalizedCustomerCode is { } code && !codes.TryAdd((merchant, code), customer.Id))
                {
                    unique = StoreWriteOutcome.DuplicateCustomerCode;
                }

                if (unique != StoreWriteOutcome.Success)
                {
                    return new CustomerBatchWriteResult(unique, i);
                }
            }

            foreach (var (customer, expected) in copies)
            {
                if (expected is null)
                {
                    _table.Insert(customer);
                }
                else
                {
                    _table.Replace(_table.Rows[customer.Id], customer);
                }
            }

            return CustomerBatchWriteResult.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid customerId, long expectedVersion, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            if (!_table.Rows.TryGetValue(customerId, out var stored) || stored.MerchantId != merchantId)
            {
                return StoreWriteOutcome.NotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return StoreWriteOutcome.VersionConflict;
            }

            _table.Remove(stored);
            return StoreWriteOutcome.Success;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Customer?> FindByIdAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Rows.TryGetValue(customerId, out var c) && c.MerchantId == merchantId ? c.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByIdsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Customer>>(() => customerIds
            .Distinct()
            .Select(id => _table.Rows.GetValueOrDefault(id))
            .Where(c => c is not null && c.MerchantId == merchantId)
            .OrderBy(c => c!.Id)
            .Select(c => c!.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<Customer?> FindByNormalizedEmailAsync(MerchantId merchantId, string normalizedEmail, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.ByEmail.TryGetValue((merchantId.Value, normalizedEmail), out var id) ? _table.Rows[id].Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByNormalizedEmailsAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedEmails, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Customer>>(() => normalizedEmails
            .Distinct()
            .Select(e => _table.ByEmail.TryGetValue((merchantId.Value, e), out var id) ? _table.Rows[id] : null)
            .OfType<Customer>()
            .OrderBy(c => c.Id)
            .Select(c => c.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<Customer?> FindByNormalizedCustomerCodeAsync(MerchantId merchantId, string normalizedCode, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.ByCode.TryGetValue((merchantId.Value, normalizedCode), out var id) ? _table.Rows[id].Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByNormalizedCustomerCodesAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedCodes, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Customer>>(() => normalizedCodes
            .Distinct()
            .Select(code => _table.ByCode.TryGetValue((merchantId.Value, code), out var id) ? _table.Rows[id] : null)
            .OfType<Customer>()
            .OrderBy(c => c.Id)
            .Select(c => c.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhonesAsync(MerchantId merchantId, IReadOnlyCollection<string> e164Numbers, CancellationToken cancellationToken)
    {
        var wanted = e164Numbers.ToHashSet(StringComparer.Ordinal);
        return wanted.Count == 0
            ? Task.FromResult<IReadOnlyList<Customer>>([])
            : ScanAsync(
                merchantId,
                c => (c.PhoneE164 is { } main && wanted.Contains(main)) || (c.SecondaryPhoneE164 is { } second && wanted.Contains(second)),
                int.MaxValue,
                cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhoneAsync(MerchantId merchantId, string e164, int limit, CancellationToken cancellationToken) =>
        ScanAsync(merchantId, HasPhone(e164), limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhonePrefixAsync(MerchantId merchantId, string e164Prefix, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Customer>>(
            () => InPhoneOrder(_table.Rows.Values.Where(c => c.MerchantId == merchantId), e164Prefix).Take(limit).Select(c => c.Clone()).ToList(),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhoneSuffixAsync(MerchantId merchantId, string reversedDigitsPrefix, int limit, CancellationToken cancellationToken) =>
        ScanAsync(merchantId, HasPhoneEnding(reversedDigitsPrefix), limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPostalCodeAsync(MerchantId merchantId, string normalizedPostalCode, int limit, CancellationToken cancellationToken) =>
        ScanAsync(merchantId, c => c.NormalizedPostalCode == normalizedPostalCode, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByNameTokensAsync(MerchantId merchantId, IReadOnlyList<string> tokenPrefixes, int limit, CancellationToken cancellationToken) =>
        ScanAsync(merchantId, HasNameWords(tokenPrefixes), limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TillSearchHit>> FindForTillAsync(MerchantId merchantId, TillSearchKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(keys.Limit);
        return _database.RunAsync<IReadOnlyList<TillSearchHit>>(() =>
        {
            var customers = _table.Rows.Values.Where(c => c.MerchantId == merchantId).ToList();

            // A visit is a completed or partly refunded ticket, at its completion time.
            var lastVisits = _tickets.Rows.Values
                .Where(t => t.MerchantId == merchantId && t.IsVisit && t.CustomerId is not null)
                .GroupBy(t => t.CustomerId!.Value)
                .ToDictionary(g => g.Key, g => g.Max(t => t.SortTime.UtcTicks));
            DateTimeOffset? LastVisit(Customer c) => lastVisits.TryGetValue(c.Id, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

            var hits = new List<TillSearchHit>();
            void Add(IEnumerable<Customer> matches, MatchReason reason, int take) =>
                hits.AddRange(matches.Take(take).Select(c => new TillSearchHit(c.Clone(), reason, LastVisit(c))));
            IEnumerable<Customer> InTillOrder(Func<Customer, bool> matches) => customers.Where(matches)
                .OrderByDescending(c => lastVisits.GetValueOrDefault(c.Id, -1))
                .ThenBy(c => NameWord(c, 0), StringComparer.Ordinal)
                .ThenBy(c => NameWord(c, 1), StringComparer.Ordinal)
                .ThenBy(c => c.Id);

            if (keys.NormalizedEmail is { } email)
            {
                Add(InTillOrder(c => c.NormalizedEmail == email), MatchReason.Email, 1);
            }

            if (keys.NormalizedCustomerCode is { } code)
            {
                Add(InTillOrder(c => c.NormalizedCustomerCode == code), MatchReason.CustomerCode, 1);
            }

            if (keys.PhoneE164 is { } e164)
            {
                Add(InTillOrder(HasPhone(e164)), MatchReason.Phone, keys.Limit);
            }

            if (keys.PhonePrefixE164 is { } prefix)
            {
                Add(InPhoneOrder(customers, prefix), MatchReason.PhonePrefix, keys.Limit);
            }

            if (keys.ReversedDigitsPrefix is { } reversed)
            {
                Add(InTillOrder(HasPhoneEnding(reversed)), MatchReason.PhoneLastDigits, keys.Limit);
            }

            if (keys.NormalizedPostalCode is { } postal)
            {
                Add(InTillOrder(c => c.NormalizedPostalCode == postal), MatchReason.PostalCode, keys.Limit);
            }

            if (keys.NameTokenPrefixes is { Count: > 0 } tokens)
            {
                Add(InTillOrder(HasNameWords(tokens)), MatchReason.Name, keys.Limit);
            }

            return hits;
        }, cancellationToken);
    }

    private static Func<Customer, bool> HasPhone(string e164) => c => c.PhoneE164 == e164 || c.SecondaryPhoneE164 == e164;

    private static Func<Customer, bool> HasPhoneEnding(string reversedDigitsPrefix) =>
        c => c.PhoneDigitsReversed is { } r && r.StartsWith(reversedDigitsPrefix, StringComparison.Ordinal);

    private static Func<Customer, bool> HasNameWords(IReadOnlyList<string> tokenPrefixes) =>
        c => tokenPrefixes.All(p => c.NameTokens.Any(t => t.StartsWith(p, StringComparison.Ordinal)));

    private static IEnumerable<Customer> InPhoneOrder(IEnumerable<Customer> customers, string e164Prefix) => customers
        .Where(c => c.PhoneE164?.StartsWith(e164Prefix, StringComparison.Ordinal) == true || c.SecondaryPhoneE164?.StartsWith(e164Prefix, StringComparison.Ordinal) == true)
        .OrderBy(c => (c.PhoneE164 is { } main && main.StartsWith(e164Prefix, StringComparison.Ordinal) ? main : c.SecondaryPhoneE164), StringComparer.Ordinal)
        .ThenBy(c => c.Id);

    private static string NameWord(Customer customer, int position) =>
        position < customer.NameTokens.Count ? customer.NameTokens[position] : string.Empty;

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> ListAsync(MerchantId merchantId, Guid? afterId, int limit, CancellationToken cancellationToken) =>
        ScanAsync(merchantId, c => afterId is null || c.Id.CompareTo(afterId.Value) > 0, limit, cancellationToken);

    private Task<IReadOnlyList<Customer>> ScanAsync(MerchantId merchantId, Func<Customer, bool> predicate, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Customer>>(() => _table.Rows.Values
            .Where(c => c.MerchantId == merchantId && predicate(c))
            .OrderBy(c => c.Id)
            .Take(limit)
            .Select(c => c.Clone())
            .ToList(), cancellationToken);

    private StoreWriteOutcome CheckUnique(Customer customer)
    {
        var merchant = customer.MerchantId.Value;
        if (customer.NormalizedEmail is { } email && _table.ByEmail.TryGetValue((merchant, email), out var emailOwner) && emailOwner != customer.Id)
        {
            return StoreWriteOutcome.DuplicateEmail;
        }

        if (customer.NormalizedCustomerCode is { } code && _table.ByCode.TryGetValue((merchant, code), out var codeOwner) && codeOwner != customer.Id)
        {
            return StoreWriteOutcome.DuplicateCustomerCode;
        }

        return StoreWriteOutcome.Success;
    }
}
