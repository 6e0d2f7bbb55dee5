using CustomerCore.Privacy;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An append-only <see cref="IConsentHistoryStore"/> in memory.</summary>
public sealed class InMemoryConsentHistoryStore : IConsentHistoryStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryAppendOnlyTable<ConsentRecord> _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryConsentHistoryStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryAppendOnlyTable<ConsentRecord>>();
    }

    /// <inheritdoc />
    public Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _database.RunAsync(() =>
        {
            _table.Rows.Add(record);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AppendManyAsync(IReadOnlyCollection<ConsentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var copy = records.ToList();
        return _database.RunAsync(() =>
        {
            _table.Rows.AddRange(copy);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConsentRecord>> ListAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<ConsentRecord>>(
            () => _table.Rows.Where(r => r.MerchantId == merchantId && r.CustomerId == customerId).ToList(),
            cancellationToken);
}

/// <summary>A list of immutable rows that only grows; a snapshot is its length.</summary>
internal sealed class InMemoryAppendOnlyTable<T> : IInMemoryTable
{
    public List<T> Rows { get; } = [];

    public object Snapshot() => Rows.Count;

    public void Restore(object snapshot)
    {
        var count = (int)snapshot;
        Rows.RemoveRange(count, Rows.Count - count);
    }

    public void Clear() => Rows.Clear();
}
