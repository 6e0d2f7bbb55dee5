using CustomerCore.Groups;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ICustomerGroupStore"/> in memory; membership is read from the in-memory customers.</summary>
public sealed class InMemoryCustomerGroupStore : ICustomerGroupStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryCustomerGroupTable _table;
    private readonly InMemoryCustomerTable _customers;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryCustomerGroupStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryCustomerGroupTable>();
        _customers = database.Table<InMemoryCustomerTable>();
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> CreateAsync(CustomerGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var copy = group.Clone();
        return _database.RunAsync(() =>
        {
            if (_table.ByName.ContainsKey((copy.MerchantId.Value, copy.NormalizedName)))
            {
                return StoreWriteOutcome.DuplicateName;
            }

            if (!_table.Rows.TryAdd(copy.Id, copy))
            {
                throw new InvalidOperationException($"Customer group {copy.Id} already exists.");
            }

            _table.ByName[(copy.MerchantId.Value, copy.NormalizedName)] = copy.Id;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> UpdateAsync(CustomerGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var copy = group.Clone();
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

            if (_table.ByName.TryGetValue((copy.MerchantId.Value, copy.NormalizedName), out var owner) && owner != copy.Id)
            {
                return StoreWriteOutcome.DuplicateName;
            }

            _table.ByName.Remove((stored.MerchantId.Value, stored.NormalizedName));
            _table.ByName[(copy.MerchantId.Value, copy.NormalizedName)] = copy.Id;
            _table.Rows[copy.Id] = copy;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> DeleteAsync(MerchantId merchantId, Guid groupId, long expectedVersion, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            if (!_table.Rows.TryGetValue(groupId, out var stored) || stored.MerchantId != merchantId)
            {
                return StoreWriteOutcome.NotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return StoreWriteOutcome.VersionConflict;
            }

            _table.Rows.Remove(groupId);
            _table.ByName.Remove((stored.MerchantId.Value, stored.NormalizedName));
            return StoreWriteOutcome.Success;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CustomerGroup?> FindByIdAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Rows.TryGetValue(groupId, out var g) && g.MerchantId == merchantId ? g.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<CustomerGroup?> FindByNormalizedNameAsync(MerchantId merchantId, string normalizedName, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.ByName.TryGetValue((merchantId.Value, normalizedName), out var id) ? _table.Rows[id].Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerGroup>> ListAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<CustomerGroup>>(() => _table.Rows.Values
            .Where(g => g.MerchantId == merchantId)
            .OrderBy(g => g.NormalizedName, StringComparer.Ordinal)
            .Select(g => g.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Guid, int>> CountMembersAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyDictionary<Guid, int>>(() => _customers.Rows.Values
            .Where(c => c.MerchantId == merchantId && c.GroupId is not null)
            .GroupBy(c => c.GroupId!.Value)
            .ToDictionary(g => g.Key, g => g.Count()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> ListMemberIdsAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Guid>>(() => _customers.Rows.Values
            .Where(c => c.MerchantId == merchantId && c.GroupId == groupId)
            .Select(c => c.Id)
            .Order()
            .ToList(), cancellationToken);
}

/// <summary>Groups plus the unique name index a real database would keep.</summary>
internal sealed class InMemoryCustomerGroupTable : IInMemoryTable
{
    public Dictionary<Guid, CustomerGroup> Rows { get; private set; } = [];
    public Dictionary<(string Merchant, string Name), Guid> ByName { get; private set; } = [];

    public object Snapshot() => (new Dictionary<Guid, CustomerGroup>(Rows), new Dictionary<(string, string), Guid>(ByName));

    public void Restore(object snapshot) =>
        (Rows, ByName) = ((Dictionary<Guid, CustomerGroup>, Dictionary<(string, string), Guid>))snapshot;

    public void Clear()
    {
        Rows = [];
        ByName = [];
    }
}
