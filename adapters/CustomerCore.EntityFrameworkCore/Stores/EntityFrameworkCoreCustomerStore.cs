using System.Linq.Expressions;
using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Configurations;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="ICustomerStore"/> over <typeparamref name="TContext"/>. Every lookup is an index seek or range scan;
/// every returned customer is a fresh, untracked copy; every write leaves nothing tracked, whether it succeeded or not.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model (<see cref="CustomerCoreDbContext"/>, or the
/// host's own context with <c>modelBuilder.AddCustomerCore()</c>).</typeparam>
public sealed class EntityFrameworkCoreCustomerStore<TContext> : ICustomerStore, ICustomerTillSearchStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreCustomerStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<Customer> CustomersOf(MerchantId merchantId) =>
        Context.Set<Customer>().AsNoTracking().Where(c => c.MerchantId == merchantId);

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> CreateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var context = Context;
        var entries = new List<EntityEntry> { context.Add(customer.Clone()) };
        entries.AddRange(CustomerNameIndex.KeysFor(customer.NameTokens).Select(key => context.Add(Token(customer, key))));
        return await SaveAsync(context, entries, customer, expectedVersion: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> UpdateAsync(Customer customer, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var context = Context;
        var stored = await CustomersOf(customer.MerchantId)
            .Where(c => c.Id == customer.Id)
            .Select(c => new { c.Version, c.NameTokens })
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (stored is null)
        {
            return StoreWriteOutcome.NotFound;
        }

        if (stored.Version != expectedVersion)
        {
            return StoreWriteOutcome.VersionConflict;
        }

        var entry = context.Attach(customer.Clone());
        entry.State = EntityState.Modified;
        entry.Property(c => c.Version).OriginalValue = expectedVersion;
        var entries = new List<EntityEntry> { entry };
        if (stored.NameTokens.SequenceEqual(customer.NameTokens, StringComparer.Ordinal))
        {
            return await SaveAsync(context, entries, customer, expectedVersion, cancellationToken).ConfigureAwait(false);
        }

        // A rename rewrites the name index: the words and pair keys with the customer's row, then its visit keys from the
        // database (they hold its latest visit), all in one transaction.
        await using var own = context.Database.CurrentTransaction is null
            ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        var rows = await NameIndexRowsOf(customer.MerchantId, [customer.Id]).ToListAsync(cancellationToken).ConfigureAwait(false);
        RewriteNameIndex(context, customer, rows.Select(r => r.Token), entries);
        var outcome = await SaveAsync(context, entries, customer, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            await CustomerVisitKeys.RefreshAsync(context, customer.MerchantId, customer.Id, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return outcome;
    }

    /// <inheritdoc />
    public async Task<CustomerBatchWriteResult> WriteBatchAsync(IReadOnlyList<CustomerWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return CustomerBatchWriteResult.Success;
        }

        var merchantId = writes[0].Customer.MerchantId;
        if (writes.Any(w => w.Customer.MerchantId != merchantId))
        {
            throw new ArgumentException("All writes of a batch must belong to one merchant.", nameof(writes));
        }

        // One query for the stored versions and name words of every customer the batch updates, then one save.
        var context = Context;
        var updateIds = writes.Where(w => w.ExpectedVersion is not null).Select(w => w.Customer.Id).ToList();
        var stored = updateIds.Count == 0
            ? []
            : await CustomersOf(merchantId)
                .Where(c => EF.Parameter(updateIds).Contains(c.Id))
                .Select(c => new StoredKeys(c.Id, c.Version, c.NameTokens))
                .ToDictionaryAsync(c => c.Id, cancellationToken)
                .ConfigureAwait(false);

        // The name index rows of the customers whose names change, read rather than derived from the stored words, so a
        // row written before pair keys existed (or missing one) is brought up to date instead of failing the save.
        var renamedIds = writes
            .Where(w => w.ExpectedVersion is not null && stored.TryGetValue(w.Customer.Id, out var keys) && !keys.NameTokens.SequenceEqual(w.Customer.NameTokens, StringComparer.Ordinal))
            .Select(w => w.Customer.Id)
            .ToHashSet();
        var indexRows = (renamedIds.Count == 0 ? [] : await NameIndexRowsOf(merchantId, [.. renamedIds]).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.CustomerId, r => r.Token);

        var entries = new List<EntityEntry>();
        var setBased = DatabaseProviders.IsSqlite(context) || DatabaseProviders.IsPostgreSql(context);
        var newCustomers = new List<Customer>();
        var newTokens = new List<CustomerNameToken>();

        // Every entry's state is set explicitly below, so scanning all tracked entities for changes on each Add is waste.
        var detectChanges = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var (customer, expected) = (writes[i].Customer, writes[i].ExpectedVersion);
                if (expected is null)
                {
                    if (setBased)
                    {
                        newCustomers.Add(customer.Clone());
                        newTokens.AddRange(CustomerNameIndex.KeysFor(customer.NameTokens).Select(key => Token(customer, key)));
                    }
                    else
                    {
                        entries.Add(context.Add(customer.Clone()));
                        entries.AddRange(CustomerNameIndex.KeysFor(customer.NameTokens).Select(key => context.Add(Token(customer, key))));
                    }

                    continue;
                }

                if (!stored.TryGetValue(customer.Id, out var keys) || keys.Version != expected)
                {
                    Detach(entries);
                    return new CustomerBatchWriteResult(keys is null ? StoreWriteOutcome.NotFound : StoreWriteOutcome.VersionConflict, i);
                }

                var entry = context.Attach(customer.Clone());
                entry.State = EntityState.Modified;
                entry.Property(c => c.Version).OriginalValue = expected.Value;
                entries.Add(entry);
                if (renamedIds.Contains(customer.Id))
                {
                    RewriteNameIndex(context, customer, indexRows[customer.Id], entries);
                }
            }

            // Renamed customers' visit keys are rewritten from the database after the save, in the same transaction.
            await using var own = renamedIds.Count > 0 && context.Database.CurrentTransaction is null
                ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                : null;
            var result = newCustomers.Count == 0
                ? await SaveBatchAsync(context, entries, cancellationToken).ConfigureAwait(false)
                : await InsertAndSaveBatchAsync(context, newCustomers, newTokens, entries, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == StoreWriteOutcome.Success && renamedIds.Count > 0)
            {
                await CustomerVisitKeys.RefreshAsync(context, merchantId, renamedIds, cancellationToken).ConfigureAwait(false);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return result;
        }
        finally
        {
            Detach(entries);
            context.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    private static async Task<CustomerBatchWriteResult> SaveBatchAsync(DbContext context, List<EntityEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return CustomerBatchWriteResult.Success;
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return CustomerBatchWriteResult.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new CustomerBatchWriteResult(StoreWriteOutcome.VersionConflict);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Classify(exception, context.Model) is { } duplicate)
        {
            return new CustomerBatchWriteResult(duplicate);
        }
    }

    /// <summary>
    /// New customers and their name words go through one set-based INSERT each (no change tracking), then the updates
    /// through SaveChanges, all inside a transaction (the open unit of work, behind a savepoint, or one of our own), so
    /// a refused batch still writes nothing.
    /// </summary>
    private static async Task<CustomerBatchWriteResult> InsertAndSaveBatchAsync(
        DbContext context, List<Customer> customers, List<CustomerNameToken> tokens, List<EntityEntry> updates, CancellationToken cancellationToken)
    {
        const string savepoint = "customercore_batch";
        var outer = context.Database.CurrentTransaction;
        await using var own = outer is null ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        if (outer is not null)
        {
            await outer.CreateSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
        }

        CustomerBatchWriteResult result;
        try
        {
            // A vendor's conventions may map a column the set-based insert cannot write; those rows are saved tracked.
            if (!await SetBasedRowInserter.TryInsertAsync(context, customers, cancellationToken).ConfigureAwait(false))
            {
                updates.AddRange(customers.Select(customer => context.Add(customer)));
                updates.AddRange(tokens.Select(token => context.Add(token)));
            }
            else
            {
                // Name words reference their customer; each insert checks that key.
                await PostgreSqlStatistics.RefreshIfStaleAsync(context, typeof(Customer), customers.Count, cancellationToken).ConfigureAwait(false);
                if (!await SetBasedRowInserter.TryInsertAsync(context, tokens, cancellationToken).ConfigureAwait(false))
                {
                    updates.AddRange(tokens.Select(token => context.Add(token)));
                }
            }

            result = await SaveBatchAsync(context, updates, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception) when (UniqueViolation.Classify(exception, context.Model) is { } duplicate)
        {
            result = new CustomerBatchWriteResult(duplicate);
        }

        if (result.Outcome == StoreWriteOutcome.Success)
        {
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // An unreleased savepoint stays open until the whole transaction ends, and SQLite journals every page the
                // rest of the transaction changes for it: an import of many chunks nested one per chunk and wrote that
                // journal many times over.
                await outer!.ReleaseSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (outer is not null)
        {
            await outer.RollbackToSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private sealed record StoredKeys(Guid Id, long Version, List<string> NameTokens);

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid customerId, long expectedVersion, CancellationToken cancellationToken)
    {
        // One statement; the name tokens go with it through the cascading foreign key.
        var deleted = await Context.Set<Customer>()
            .Where(c => c.MerchantId == merchantId && c.Id == customerId && c.Version == expectedVersion)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        if (deleted > 0)
        {
            return StoreWriteOutcome.Success;
        }

        return await FindVersionAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false) is null
            ? StoreWriteOutcome.NotFound
            : StoreWriteOutcome.VersionConflict;
    }

    /// <inheritdoc />
    public Task<Customer?> FindByIdAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        CustomersOf(merchantId).Where(c => c.Id == customerId).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Customer>> FindByIdsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        if (customerIds.Count == 0)
        {
            return [];
        }

        var ids = customerIds.Distinct().ToList();
        return await CustomersOf(merchantId).Where(c => EF.Parameter(ids).Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Customer?> FindByNormalizedEmailAsync(MerchantId merchantId, string normalizedEmail, CancellationToken cancellationToken) =>
        CustomersOf(merchantId).Where(c => c.NormalizedEmail == normalizedEmail).SingleOrDefaultAsync(cancellationToken);

    // The import's batched lookups on a SQLite file, outside a transaction, read on the prepared read connections
    // (PreparedTillSearch.FindByKeysOnReadConnectionAsync); elsewhere they go through EF Core.
    private bool ReadsOnPreparedSqliteConnections => DatabaseProviders.IsSqlite(Context) && PreparedTillSearch.CanServe(Context);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Customer>> FindByNormalizedEmailsAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedEmails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmails);
        if (normalizedEmails.Count == 0)
        {
            return [];
        }

        // EF.Parameter sends the list as one JSON parameter; by default EF would bind one SQL parameter per element,
        // which for an import chunk of thousands of keys costs more to prepare than the lookup itself.
        var emails = normalizedEmails.Distinct(StringComparer.Ordinal).ToList();
        return InIdOrder(ReadsOnPreparedSqliteConnections
            ? await PreparedTillSearch.FindByKeysOnReadConnectionAsync(Context, merchantId, BatchedKey.Email, emails, cancellationToken).ConfigureAwait(false)
            : await CustomersOf(merchantId).Where(c => EF.Parameter(emails).Contains(c.NormalizedEmail!)).ToListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Sorts a batched look-up's customers by id here rather than in SQL: asked for ORDER BY id, SQLite (which keeps no
    /// statistics unless told to) walked every customer of the merchant in primary-key order to skip the sort, testing
    /// each against the list, instead of seeking each key in its index — a full read of a million customers per import
    /// chunk. <see cref="Guid.CompareTo(Guid)"/> is the order both databases sort ids in (see <see cref="PageAsync"/>).
    /// </summary>
    private static List<Customer> InIdOrder(List<Customer> customers)
    {
        customers.Sort((a, b) => a.Id.CompareTo(b.Id));
        return customers;
    }

    /// <inheritdoc />
    public Task<Customer?> FindByNormalizedCustomerCodeAsync(MerchantId merchantId, string normalizedCode, CancellationToken cancellationToken) =>
        CustomersOf(merchantId).Where(c => c.NormalizedCustomerCode == normalizedCode).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Customer>> FindByNormalizedCustomerCodesAsync(MerchantId merchantId, IReadOnlyCollection<string> normalizedCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(normalizedCodes);
        if (normalizedCodes.Count == 0)
        {
            return [];
        }

        var codes = normalizedCodes.Distinct(StringComparer.Ordinal).ToList();
        return InIdOrder(ReadsOnPreparedSqliteConnections
            ? await PreparedTillSearch.FindByKeysOnReadConnectionAsync(Context, merchantId, BatchedKey.Code, codes, cancellationToken).ConfigureAwait(false)
            : await CustomersOf(merchantId).Where(c => EF.Parameter(codes).Contains(c.NormalizedCustomerCode!)).ToListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Customer>> FindByPhonesAsync(MerchantId merchantId, IReadOnlyCollection<string> e164Numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e164Numbers);
        if (e164Numbers.Count == 0)
        {
            return [];
        }

        // As in FindByPhoneAsync: one index seek per phone column, joined, instead of an OR the planner may scan for.
        var phones = e164Numbers.Distinct(StringComparer.Ordinal).ToList();
        if (ReadsOnPreparedSqliteConnections)
        {
            return InIdOrder(await PreparedTillSearch.FindByKeysOnReadConnectionAsync(Context, merchantId, BatchedKey.Phone, phones, cancellationToken).ConfigureAwait(false));
        }

        var byMainPhone = CustomersOf(merchantId).Where(c => EF.Parameter(phones).Contains(c.PhoneE164!));
        var bySecondaryPhone = CustomersOf(merchantId).Where(c => EF.Parameter(phones).Contains(c.SecondaryPhoneE164!) && (c.PhoneE164 == null || !EF.Parameter(phones).Contains(c.PhoneE164)));
        return InIdOrder(await byMainPhone.Concat(bySecondaryPhone).ToListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhoneAsync(MerchantId merchantId, string e164, int limit, CancellationToken cancellationToken)
    {
        return PageAsync(PhoneMatches(merchantId, e164), limit, cancellationToken);
    }

    // Two index seeks joined by UNION ALL rather than one OR, which planners may answer by walking every customer of
    // the merchant; the second branch leaves out rows the first already returns.
    private IQueryable<Customer> PhoneMatches(MerchantId merchantId, string e164)
    {
        var byMainPhone = CustomersOf(merchantId).Where(c => c.PhoneE164 == e164);
        var bySecondaryPhone = CustomersOf(merchantId).Where(c => c.SecondaryPhoneE164 == e164 && (c.PhoneE164 == null || c.PhoneE164 != e164));
        return byMainPhone.Concat(bySecondaryPhone);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Customer>> FindByPhonePrefixAsync(MerchantId merchantId, string e164Prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var (byMainPhone, bySecondaryPhone) = PhonePrefixMatches(merchantId, e164Prefix, limit);
        var found = await byMainPhone.Concat(bySecondaryPhone).ToListAsync(cancellationToken).ConfigureAwait(false);
        return FirstInPhoneOrder(found, e164Prefix, limit);
    }

    /// <summary>A key range on each phone column's index, joined as in <see cref="PhoneMatches"/>: each branch walks its
    /// index in phone order and stops after <paramref name="limit"/> entries (the two short lists are merged by
    /// <see cref="FirstInPhoneOrder"/>); the second leaves out rows the first already returns. Digits and '+' never
    /// reach the last code point, so the upper bound always exists.</summary>
    private (IQueryable<Customer> ByMainPhone, IQueryable<Customer> BySecondaryPhone) PhonePrefixMatches(MerchantId merchantId, string e164Prefix, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(e164Prefix);
        var upper = KeyPrefix.UpperBound(e164Prefix)!;
        var byMainPhone = CustomersOf(merchantId).Where(c => string.Compare(c.PhoneE164, e164Prefix) >= 0 && string.Compare(c.PhoneE164, upper) < 0);
        var bySecondaryPhone = CustomersOf(merchantId).Where(c =>
            string.Compare(c.SecondaryPhoneE164, e164Prefix) >= 0 && string.Compare(c.SecondaryPhoneE164, upper) < 0 &&
            (c.PhoneE164 == null || string.Compare(c.PhoneE164, e164Prefix) < 0 || string.Compare(c.PhoneE164, upper) >= 0));
        return (byMainPhone.OrderBy(c => c.PhoneE164).ThenBy(c => c.Id).Take(limit),
            bySecondaryPhone.OrderBy(c => c.SecondaryPhoneE164).ThenBy(c => c.Id).Take(limit));
    }

    private static List<Customer> FirstInPhoneOrder(IEnumerable<Customer> found, string e164Prefix, int limit) => found
        .OrderBy(c => (c.PhoneE164 is { } main && main.StartsWith(e164Prefix, StringComparison.Ordinal) ? main : c.SecondaryPhoneE164), StringComparer.Ordinal)
        .ThenBy(c => c.Id)
        .Take(limit)
        .ToList();

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPhoneSuffixAsync(MerchantId merchantId, string reversedDigitsPrefix, int limit, CancellationToken cancellationToken)
    {
        return PageAsync(PhoneSuffixMatches(merchantId, reversedDigitsPrefix), limit, cancellationToken);
    }

    private IQueryable<Customer> PhoneSuffixMatches(MerchantId merchantId, string reversedDigitsPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(reversedDigitsPrefix);
        var upper = KeyPrefix.UpperBound(reversedDigitsPrefix);
        var matches = CustomersOf(merchantId).Where(c => string.Compare(c.PhoneDigitsReversed, reversedDigitsPrefix) >= 0);
        return upper is null ? matches : matches.Where(c => string.Compare(c.PhoneDigitsReversed, upper) < 0);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByPostalCodeAsync(MerchantId merchantId, string normalizedPostalCode, int limit, CancellationToken cancellationToken) =>
        PageAsync(CustomersOf(merchantId).Where(c => c.NormalizedPostalCode == normalizedPostalCode), limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> FindByNameTokensAsync(MerchantId merchantId, IReadOnlyList<string> tokenPrefixes, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenPrefixes);
        return tokenPrefixes.Count == 0
            ? Task.FromResult<IReadOnlyList<Customer>>([])
            : PageAsync(NameMatches(merchantId, tokenPrefixes), limit, cancellationToken);
    }

    // Two prefixes of three letters or more that are different words: the customers in their pair keys' range and those
    // with too many words to pair, each prefix then checked on the candidate's own words along the primary key
    // (CustomerNameIndex). Otherwise each prefix is a range scan of the (merchant, token, customer) index and the
    // customers found by every prefix are the intersection of those scans. Driving from one prefix and checking the
    // others per customer was measured too: fast when the driving prefix is rare, but with no cheap way to know which one
    // is, a common one made a million-customer search 2.5 times slower than the intersection (docs/performance.md, run L).
    private IQueryable<Customer> NameMatches(MerchantId merchantId, IReadOnlyList<string> tokenPrefixes)
    {
        var prefixes = tokenPrefixes.Distinct(StringComparer.Ordinal).ToList();
        if (CustomerNameIndex.PairRangeFor(prefixes) is { } pair)
        {
            var candidates = PairKeys(merchantId, pair).Select(t => t.CustomerId).Concat(ManyWordsMatches(merchantId));
            return WithWordsStartingWith(merchantId, candidates, prefixes);
        }

        IQueryable<Guid>? customerIds = null;
        foreach (var prefix in prefixes)
        {
            var ids = TokenMatches(merchantId, prefix);
            customerIds = customerIds is null ? ids : customerIds.Intersect(ids);
        }

        return CustomersOf(merchantId).Where(c => customerIds!.Contains(c.Id));
    }

    /// <summary>
    /// Every lookup of the search as one statement: each is the same query as its own method, but chosen and ordered in
    /// till order (most recent visit, then the first two name words, then id; type-ahead in phone order) and selecting
    /// only the key of each match; the branches are joined with UNION ALL and the customers read once, by primary key,
    /// for the rows they returned. Carrying every column through each branch made the statement several times longer,
    /// and SQLite compiles a statement anew on every execution: the phone search spent more time being compiled and
    /// copying rows between nested subqueries than seeking. The two type-ahead branches are merged in phone order here,
    /// as <see cref="FindByPhonePrefixAsync"/> does. Outside a transaction the same statement runs prepared, written
    /// from the model (<see cref="PreparedTillSearch"/>); this LINQ form answers inside one, and on databases it cannot.
    /// </summary>
    public async Task<IReadOnlyList<TillSearchHit>> FindForTillAsync(MerchantId merchantId, TillSearchKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(keys.Limit);
        if (PreparedTillSearch.CanServe(Context))
        {
            return ToHits(await PreparedTillSearch.FindAsync(Context, merchantId, keys, cancellationToken).ConfigureAwait(false), keys);
        }

        var limit = keys.Limit;
        IQueryable<TillSearchKey>? branches = null;
        void Add(IQueryable<TillSearchKey> found) => branches = branches is null ? found : branches.Concat(found);

        // A visit is a completed or partly refunded ticket; its time is the ticket's sort key (completion time, UTC ticks),
        // read from the (merchant, customer, sort key) index. -1 (never) sorts after every visit.
        var tickets = Context.Set<TicketLink>().AsNoTracking();
        IQueryable<TillSearchKey> Keys(IQueryable<Customer> matches, MatchReason reason) => matches.Select(c => new TillSearchKey
        {
            MerchantId = c.MerchantId,
            Id = c.Id,
            Reason = (int)reason,
            LastVisit = tickets
                .Where(t => t.MerchantId == c.MerchantId && t.CustomerId == c.Id && (t.Status == TicketStatus.Completed || t.Status == TicketStatus.PartiallyRefunded))
                .Max(t => (long?)EF.Property<long>(t, TicketLinkConfiguration.SortKey)) ?? -1L,
            // Spelled out: EF Core takes an element of a non-nullable list as never null and drops a "?? empty".
            FirstWord = c.NameTokens.Count > 0 ? c.NameTokens[0] : string.Empty,
            SecondWord = c.NameTokens.Count > 1 ? c.NameTokens[1] : string.Empty,
        });
        IQueryable<TillSearchKey> InTillOrder(IQueryable<Customer> matches, MatchReason reason, int take) => Keys(matches, reason)
            .OrderByDescending(k => k.LastVisit).ThenBy(k => k.FirstWord).ThenBy(k => k.SecondWord).ThenBy(k => k.Id)
            .Take(take);

        if (keys.NormalizedEmail is { } email)
        {
            Add(InTillOrder(CustomersOf(merchantId).Where(c => c.NormalizedEmail == email), MatchReason.Email, 1));
        }

        if (keys.NormalizedCustomerCode is { } code)
        {
            Add(InTillOrder(CustomersOf(merchantId).Where(c => c.NormalizedCustomerCode == code), MatchReason.CustomerCode, 1));
        }

        if (keys.PhoneE164 is { } e164)
        {
            Add(InTillOrder(PhoneMatches(merchantId, e164), MatchReason.Phone, limit));
        }

        IQueryable<Customer>? typeAheadPage = null;
        if (keys.PhonePrefixE164 is { } prefix)
        {
            var (byMainPhone, bySecondaryPhone) = PhonePrefixMatches(merchantId, prefix, limit);
            typeAheadPage = byMainPhone;
            Add(Keys(byMainPhone, MatchReason.PhonePrefix));
            Add(Keys(bySecondaryPhone, MatchReason.PhonePrefix));
        }

        if (keys.ReversedDigitsPrefix is { } reversed)
        {
            // Not looked up when type-ahead fills the page, which they rank after, and leaving out the whole number's own
            // matches, which ToHits flags (see the prepared statement).
            var lastDigits = PhoneSuffixMatches(merchantId, reversed);
            if (keys.PhoneE164 is { } wholePhone)
            {
                lastDigits = lastDigits.Where(c => (c.PhoneE164 == null || c.PhoneE164 != wholePhone) && (c.SecondaryPhoneE164 == null || c.SecondaryPhoneE164 != wholePhone));
            }

            Add(InTillOrder(typeAheadPage is null ? lastDigits : lastDigits.Where(c => typeAheadPage.Count() < limit), MatchReason.PhoneLastDigits, limit));
        }

        if (keys.NormalizedPostalCode is { } postal)
        {
            Add(InTillOrder(CustomersOf(merchantId).Where(c => c.NormalizedPostalCode == postal), MatchReason.PostalCode, limit));
        }

        if (keys.NameTokenPrefixes is { Count: > 0 } tokens)
        {
            if (CustomerNameIndex.PairRangeFor(tokens) is { } pair)
            {
                // The pair keys in name order (their name part is the first two words), ranked without reading rows; then
                // the customers with too many words to pair, read and checked (CustomerNameIndex).
                Add(PairKeys(merchantId, pair)
                    .Select(k => new TillSearchKey
                    {
                        MerchantId = k.MerchantId,
                        Id = k.CustomerId,
                        Reason = (int)MatchReason.Name,
                        LastVisit = tickets
                            .Where(t => t.MerchantId == k.MerchantId && t.CustomerId == k.CustomerId && (t.Status == TicketStatus.Completed || t.Status == TicketStatus.PartiallyRefunded))
                            .Max(t => (long?)EF.Property<long>(t, TicketLinkConfiguration.SortKey)) ?? -1L,
                        FirstWord = k.Token.Substring(CustomerNameIndex.PairPartLength),
                        SecondWord = string.Empty,
                    })
                    .OrderByDescending(k => k.LastVisit).ThenBy(k => k.FirstWord).ThenBy(k => k.SecondWord).ThenBy(k => k.Id)
                    .Take(limit));
                Add(InTillOrder(WithWordsStartingWith(merchantId, ManyWordsMatches(merchantId), tokens.Distinct(StringComparer.Ordinal)), MatchReason.Name, limit));
            }
            else
            {
                Add(InTillOrder(NameMatches(merchantId, tokens), MatchReason.Name, limit));
            }
        }

        if (branches is null)
        {
            return [];
        }

        // A left join, which SQLite plans as a primary-key seek per match; with an inner join it sometimes walked every
        // customer instead. Every key comes from the same statement's snapshot, so each row finds its customer.
        var rows = await branches
            .LeftJoin(
                Context.Set<Customer>().AsNoTracking(),
                hit => new { hit.MerchantId, hit.Id },
                customer => new { customer.MerchantId, customer.Id },
                (hit, customer) => new TillSearchRow(customer!, hit.Reason, hit.LastVisit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ToHits(rows, keys);
    }

    /// <summary>The hits of a till search's rows, the type-ahead matches of both phone columns merged in phone order;
    /// a whole-number or type-ahead match whose main phone also ends in the typed last digits is a last-digits hit too,
    /// whether or not the last-digits lookup ran or listed it (it leaves them out).</summary>
    private static List<TillSearchHit> ToHits(List<TillSearchRow> rows, TillSearchKeys keys)
    {
        var hits = rows.Where(r => r.Reason != (int)MatchReason.PhonePrefix).Select(Hit).ToList();
        if (keys.PhonePrefixE164 is { } typed)
        {
            var byPrefix = rows.Where(r => r.Reason == (int)MatchReason.PhonePrefix).ToDictionary(r => r.Customer.Id);
            hits.AddRange(FirstInPhoneOrder(byPrefix.Values.Select(r => r.Customer), typed, keys.Limit).Select(c => Hit(byPrefix[c.Id])));
        }

        if (keys.ReversedDigitsPrefix is { } reversed)
        {
            var listed = hits.Where(h => h.Reason == MatchReason.PhoneLastDigits).Select(h => h.Customer.Id).ToHashSet();
            hits.AddRange(hits
                .Where(h => h.Reason is MatchReason.Phone or MatchReason.PhonePrefix && h.Customer.PhoneDigitsReversed?.StartsWith(reversed, StringComparison.Ordinal) == true)
                .Where(h => listed.Add(h.Customer.Id))
                .Select(h => h with { Reason = MatchReason.PhoneLastDigits })
                .ToList());
        }

        return hits;
    }

    private static TillSearchHit Hit(TillSearchRow row) =>
        new(row.Customer, (MatchReason)row.Reason, row.LastVisit < 0 ? null : new DateTimeOffset(row.LastVisit, TimeSpan.Zero));

    /// <summary>The key of one match of <see cref="FindForTillAsync"/>'s lookups, the lookup that found it, and what it
    /// is ranked by.</summary>
    private sealed class TillSearchKey
    {
        public MerchantId MerchantId { get; init; }
        public Guid Id { get; init; }
        public int Reason { get; init; }
        public long LastVisit { get; init; }
        public string FirstWord { get; init; } = string.Empty;
        public string SecondWord { get; init; } = string.Empty;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Customer>> ListAsync(MerchantId merchantId, Guid? afterId, int limit, CancellationToken cancellationToken)
    {
        var customers = CustomersOf(merchantId);
        if (afterId is { } after)
        {
            customers = customers.Where(c => c.Id > after);
        }

        return PageAsync(customers, limit, cancellationToken);
    }

    private IQueryable<CustomerNameToken> PairKeys(MerchantId merchantId, NamePairRange pair)
    {
        var (from, to) = (pair.From, pair.To);
        var keys = Context.Set<CustomerNameToken>().AsNoTracking()
            .Where(t => t.MerchantId == merchantId && string.Compare(t.Token, from) >= 0 && string.Compare(t.Token, to) < 0);
        var words = Context.Set<CustomerNameToken>().AsNoTracking();
        foreach (var prefix in pair.Checks)
        {
            var upper = KeyPrefix.UpperBound(prefix);
            keys = upper is null
                ? keys.Where(k => words.Any(t => t.MerchantId == k.MerchantId && t.CustomerId == k.CustomerId && string.Compare(t.Token, prefix) >= 0))
                : keys.Where(k => words.Any(t => t.MerchantId == k.MerchantId && t.CustomerId == k.CustomerId && string.Compare(t.Token, prefix) >= 0 && string.Compare(t.Token, upper) < 0));
        }

        return keys;
    }

    private IQueryable<Guid> ManyWordsMatches(MerchantId merchantId)
    {
        var manyWords = CustomerNameIndex.ManyWordsKey;
        return Context.Set<CustomerNameToken>().AsNoTracking().Where(t => t.MerchantId == merchantId && t.Token == manyWords).Select(t => t.CustomerId);
    }

    /// <summary>The candidates that have, for each prefix, a name word starting with it (a primary-key seek each).</summary>
    private IQueryable<Customer> WithWordsStartingWith(MerchantId merchantId, IQueryable<Guid> candidates, IEnumerable<string> prefixes) =>
        prefixes.Aggregate(CustomersOf(merchantId).Where(c => candidates.Contains(c.Id)), (matches, prefix) => matches.Where(HasWordStartingWith(prefix)));

    private Expression<Func<Customer, bool>> HasWordStartingWith(string prefix)
    {
        var words = Context.Set<CustomerNameToken>().AsNoTracking();
        return KeyPrefix.UpperBound(prefix) is { } upper
            ? c => words.Any(t => t.MerchantId == c.MerchantId && t.CustomerId == c.Id && string.Compare(t.Token, prefix) >= 0 && string.Compare(t.Token, upper) < 0)
            : c => words.Any(t => t.MerchantId == c.MerchantId && t.CustomerId == c.Id && string.Compare(t.Token, prefix) >= 0);
    }

    private IQueryable<Guid> TokenMatches(MerchantId merchantId, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var upper = KeyPrefix.UpperBound(prefix);
        var tokens = Context.Set<CustomerNameToken>().AsNoTracking()
            .Where(t => t.MerchantId == merchantId && string.Compare(t.Token, prefix) >= 0);
        if (upper is not null)
        {
            tokens = tokens.Where(t => string.Compare(t.Token, upper) < 0);
        }

        return tokens.Select(t => t.CustomerId);
    }

    /// <summary>
    /// Ordered by id, which every supported provider sorts as <see cref="Guid.CompareTo(Guid)"/> does: SQLite keeps
    /// a GUID as its canonical text and PostgreSQL as a uuid compared byte by byte, both most significant first.
    /// </summary>
    private static async Task<IReadOnlyList<Customer>> PageAsync(IQueryable<Customer> customers, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await customers.OrderBy(c => c.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<long?> FindVersionAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        CustomersOf(merchantId).Where(c => c.Id == customerId).Select(c => (long?)c.Version).SingleOrDefaultAsync(cancellationToken);

    private async Task<StoreWriteOutcome> SaveAsync(
        DbContext context, List<EntityEntry> entries, Customer customer, long? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return StoreWriteOutcome.Success;
        }
        catch (DbUpdateException exception)
        {
            // Detach first: the later look-ups must not meet a failed entity, and neither must the host's next save.
            Detach(entries);
            if (UniqueViolation.Classify(exception, context.Model) is { } duplicate)
            {
                return duplicate;
            }

            if (expectedVersion is { } expected)
            {
                var version = await FindVersionAsync(customer.MerchantId, customer.Id, cancellationToken).ConfigureAwait(false);
                if (version is null)
                {
                    return StoreWriteOutcome.NotFound;
                }

                if (version != expected)
                {
                    return StoreWriteOutcome.VersionConflict;
                }
            }

            throw;
        }
        finally
        {
            Detach(entries);
        }
    }

    private static void Detach(List<EntityEntry> entries)
    {
        foreach (var entry in entries)
        {
            entry.State = EntityState.Detached;
        }
    }

    private IQueryable<CustomerNameToken> NameIndexRowsOf(MerchantId merchantId, List<Guid> customerIds) =>
        Context.Set<CustomerNameToken>().AsNoTracking().Where(t => t.MerchantId == merchantId && EF.Parameter(customerIds).Contains(t.CustomerId));

    /// <summary>Deletes the word and pair rows a customer no longer has and adds the ones it lacks (tracked, saved with
    /// the customer, whose version check catches a concurrent writer).</summary>
    private static void RewriteNameIndex(DbContext context, Customer customer, IEnumerable<string> storedKeys, List<EntityEntry> entries)
    {
        // Visit keys are left to CustomerVisitKeys, which knows the customer's visits.
        var stored = storedKeys.Where(key => !CustomerNameIndex.IsVisitKey(key)).ToHashSet(StringComparer.Ordinal);
        var wanted = CustomerNameIndex.KeysFor(customer.NameTokens).Where(key => !CustomerNameIndex.IsVisitKey(key)).ToList();
        foreach (var removed in stored.Except(wanted, StringComparer.Ordinal))
        {
            var tokenEntry = context.Attach(Token(customer, removed));
            tokenEntry.State = EntityState.Deleted;
            entries.Add(tokenEntry);
        }

        entries.AddRange(wanted.Where(key => !stored.Contains(key)).Select(added => context.Add(Token(customer, added))));
    }

    private static CustomerNameToken Token(Customer customer, string token) =>
        new() { CustomerId = customer.Id, MerchantId = customer.MerchantId, Token = token };
}
