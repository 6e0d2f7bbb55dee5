using CustomerCore.Credit;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ICreditLedgerStore"/> in memory: entries only grow; the account row changes with its version check.</summary>
public sealed class InMemoryCreditLedgerStore : ICreditLedgerStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryLedgerTable _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryCreditLedgerStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryLedgerTable>();
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> CreateAccountAsync(LedgerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var copy = account.Clone();
        return _database.RunAsync(() =>
        {
            var name = InMemoryLedgerTable.NameKey(copy);
            if (_table.AccountsByName.ContainsKey(name))
            {
                return StoreWriteOutcome.DuplicateName;
            }

            if (!_table.Accounts.TryAdd(copy.Id, copy))
            {
                throw new InvalidOperationException($"Ledger account {copy.Id} already exists.");
            }

            _table.AccountsByName[name] = copy.Id;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> UpdateAccountAsync(LedgerAccount account, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var copy = account.Clone();
        return _database.RunAsync(() =>
        {
            if (!_table.Accounts.TryGetValue(copy.Id, out var stored) || stored.MerchantId != copy.MerchantId)
            {
                return StoreWriteOutcome.NotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return StoreWriteOutcome.VersionConflict;
            }

            var name = InMemoryLedgerTable.NameKey(copy);
            if (_table.AccountsByName.TryGetValue(name, out var owner) && owner != copy.Id)
            {
                return StoreWriteOutcome.DuplicateName;
            }

            // Settings only: the cached totals change with entries, never here.
            copy.Balance = stored.Balance;
            copy.Held = stored.Held;
            _table.AccountsByName.Remove(InMemoryLedgerTable.NameKey(stored));
            _table.AccountsByName[name] = copy.Id;
            _table.Accounts[copy.Id] = copy;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerAccount?> FindAccountAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Accounts.TryGetValue(accountId, out var a) && a.MerchantId == merchantId ? a.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerAccount?> FindAccountByNameAsync(
        MerchantId merchantId, Guid customerId, LedgerAccountKind kind, string normalizedName, CancellationToken cancellationToken) =>
        _database.RunAsync(
            () => _table.AccountsByName.TryGetValue((merchantId.Value, customerId, kind, normalizedName), out var id) ? _table.Accounts[id].Clone() : null,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<LedgerAccount>>(() => _table.Accounts.Values
            .Where(a => a.MerchantId == merchantId && a.CustomerId == customerId)
            .OrderBy(a => a.Kind)
            .ThenBy(a => a.NormalizedName, StringComparer.Ordinal)
            .Select(a => a.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var wanted = customerIds.ToHashSet();
        return _database.RunAsync<IReadOnlyList<LedgerAccount>>(() => _table.Accounts.Values
            .Where(a => a.MerchantId == merchantId && wanted.Contains(a.CustomerId))
            .OrderBy(a => a.CustomerId)
            .ThenBy(a => a.Kind)
            .ThenBy(a => a.NormalizedName, StringComparer.Ordinal)
            .Select(a => a.Clone())
            .ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerAppendOutcome> AppendAsync(LedgerAccount account, long expectedVersion, LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(entry);
        var accountCopy = account.Clone();
        var entryCopy = entry.Clone();
        return _database.RunAsync(() =>
        {
            if (!_table.Accounts.TryGetValue(accountCopy.Id, out var stored) || stored.MerchantId != accountCopy.MerchantId ||
                entryCopy.AccountId != accountCopy.Id || entryCopy.MerchantId != accountCopy.MerchantId)
            {
                return LedgerAppendOutcome.AccountNotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return LedgerAppendOutcome.VersionConflict;
            }

            if (_table.ByIdempotencyKey.ContainsKey((entryCopy.MerchantId.Value, entryCopy.IdempotencyKey)))
            {
                return LedgerAppendOutcome.DuplicateIdempotencyKey;
            }

            _table.Accounts[accountCopy.Id] = accountCopy;
            _table.Add(entryCopy);
            return LedgerAppendOutcome.Appended;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerEntry?> FindEntryByIdempotencyKeyAsync(MerchantId merchantId, string idempotencyKey, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.ByIdempotencyKey.TryGetValue((merchantId.Value, idempotencyKey), out var e) ? e.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid accountId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<LedgerEntry>>(() => _table.ByAccount.TryGetValue(accountId, out var entries)
            ? entries.Where(e => e.MerchantId == merchantId && e.Sequence > afterSequence).Take(limit).Select(e => e.Clone()).ToList()
            : [], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ListEntriesByHoldAsync(MerchantId merchantId, Guid holdId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<LedgerEntry>>(() => _table.ByHold.TryGetValue(holdId, out var entries)
            ? entries.Where(e => e.MerchantId == merchantId).Select(e => e.Clone()).ToList()
            : [], cancellationToken);
}

/// <summary>Accounts, the append-only entry list, and the indexes a real database would keep (unique idempotency key per merchant).</summary>
internal sealed class InMemoryLedgerTable : IInMemoryTable
{
    public Dictionary<Guid, LedgerAccount> Accounts { get; private set; } = [];
    public Dictionary<(string Merchant, Guid Customer, LedgerAccountKind Kind, string Name), Guid> AccountsByName { get; private set; } = [];
    public List<LedgerEntry> Entries { get; } = [];
    public Dictionary<(string Merchant, string Key), LedgerEntry> ByIdempotencyKey { get; } = [];
    public Dictionary<Guid, List<LedgerEntry>> ByAccount { get; } = [];
    public Dictionary<Guid, List<LedgerEntry>> ByHold { get; } = [];

    public static (string, Guid, LedgerAccountKind, string) NameKey(LedgerAccount account) =>
        (account.MerchantId.Value, account.CustomerId, account.Kind, account.NormalizedName);

    public void Add(LedgerEntry entry)
    {
        Entries.Add(entry);
        Index(entry);
    }

    // Entries only grow, so their snapshot is a count; accounts change in place and are copied.
    public object Snapshot() =>
        (Entries.Count, new Dictionary<Guid, LedgerAccount>(Accounts), new Dictionary<(string, Guid, LedgerAccountKind, string), Guid>(AccountsByName));

    public void Restore(object snapshot)
    {
        var (count, accounts, byName) = ((int, Dictionary<Guid, LedgerAccount>, Dictionary<(string, Guid, LedgerAccountKind, string), Guid>))snapshot;
        Accounts = accounts;
        AccountsByName = byName;
        if (count == Entries.Count)
        {
            return;
        }

        Entries.RemoveRange(count, Entries.Count - count);
        ByIdempotencyKey.Clear();
        ByAccount.Clear();
        ByHold.Clear();
        foreach (var entry in Entries)
        {
            Index(entry);
        }
    }

    public void Clear()
    {
        Accounts = [];
        AccountsByName = [];
        Entries.Clear();
        ByIdempotencyKey.Clear();
        ByAccount.Clear();
        ByHold.Clear();
    }

    private void Index(LedgerEntry entry)
    {
        ByIdempotencyKey[(entry.MerchantId.Value, entry.IdempotencyKey)] = entry;
        Add(ByAccount, entry.AccountId, entry);
        if (entry.HoldId is { } holdId)
        {
            Add(ByHold, holdId, entry);
        }
    }

    private static void Add(Dictionary<Guid, List<LedgerEntry>> index, Guid key, LedgerEntry entry)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(entry);
    }
}
