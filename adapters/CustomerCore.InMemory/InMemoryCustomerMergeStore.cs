using CustomerCore.Customers;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ICustomerMergeStore"/> in memory; thread-safe.</summary>
public sealed class InMemoryCustomerMergeStore : ICustomerMergeStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryKeyedTable<CustomerMergeRecord> _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryCustomerMergeStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryKeyedTable<CustomerMergeRecord>>();
    }

    /// <inheritdoc />
    public Task CreateAsync(CustomerMergeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var copy = record.Clone();
        return _database.RunAsync(() => _table.Rows.TryAdd((copy.MerchantId.Value, copy.Id.ToString("N")), copy), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> MarkUndoneAsync(MerchantId merchantId, Guid mergeId, DateTimeOffset undoneAt, string undoneBy, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            var key = (merchantId.Value, mergeId.ToString("N"));
            if (!_table.Rows.TryGetValue(key, out var stored))
            {
                return StoreWriteOutcome.NotFound;
            }

            var changed = stored.Clone();
            changed.UndoneAt = undoneAt;
            changed.UndoneBy = undoneBy;
            _table.Rows[key] = changed;
            return StoreWriteOutcome.Success;
        }, cancellationToken);

    /// <inheritdoc />
    public Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, Customer redacted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        return _database.RunAsync(() =>
        {
            foreach (var (key, record) in _table.Rows.Where(r => r.Value.MerchantId == merchantId && (r.Value.KeptId == customerId || r.Value.RemovedId == customerId)).ToList())
            {
                var changed = record.Clone();
                if (changed.KeptId == customerId)
                {
                    changed.KeptBefore = redacted.Clone();
                }

                // The customer merged away was the same person, so their before-image goes too.
                if (changed.RemovedId == customerId || changed.KeptId == customerId)
                {
                    changed.RemovedBefore = redacted.Clone();
                }

                _table.Rows[key] = changed;
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CustomerMergeRecord?> FindAsync(MerchantId merchantId, Guid mergeId, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Rows.TryGetValue((merchantId.Value, mergeId.ToString("N")), out var r) ? r.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> ListRemovedIntoAsync(MerchantId merchantId, Guid keptId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<Guid>>(() => _table.Rows.Values
            .Where(r => r.MerchantId == merchantId && r.KeptId == keptId && r.UndoneAt is null)
            .Select(r => r.RemovedId)
            .Distinct()
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<CustomerMergeRecord?> FindActiveByRemovedIdAsync(MerchantId merchantId, Guid removedId, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Rows.Values
            .Where(r => r.MerchantId == merchantId && r.RemovedId == removedId && r.UndoneAt is null)
            .OrderByDescending(r => r.MergedAt)
            .FirstOrDefault()?.Clone(), cancellationToken);
}
