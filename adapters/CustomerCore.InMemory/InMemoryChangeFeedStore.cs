using CustomerCore.ChangeFeed;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>The change feed in memory. Reservations run inside a transaction, which holds the database lock until it ends.</summary>
public sealed class InMemoryChangeFeedStore : IChangeFeedStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryAppendOnlyTable<ChangeFeedEntry> _table;
    private readonly InMemoryFeedCounterTable _counters;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryChangeFeedStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryAppendOnlyTable<ChangeFeedEntry>>();
        _counters = database.Table<InMemoryFeedCounterTable>();
    }

    /// <inheritdoc />
    public Task<long> ReserveAsync(MerchantId merchantId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!_database.InTransaction)
        {
            throw new InvalidOperationException("Change-feed numbers can only be reserved inside an open transaction.");
        }

        // The transaction holds the database lock, so no other writer can take numbers until it ends.
        return _database.RunAsync(() => _counters.Last[merchantId.Value] = _counters.Last.GetValueOrDefault(merchantId.Value) + count, cancellationToken);
    }

    /// <inheritdoc />
    public Task InsertAsync(IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var copies = entries.Select(e => e.Clone()).ToList();
        return _database.RunAsync(() =>
        {
            _table.Rows.AddRange(copies);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangeFeedEntry>> ReadAsync(MerchantId merchantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<ChangeFeedEntry>>(() => _table.Rows
            .Where(e => e.MerchantId == merchantId && e.Sequence > afterSequence)
            .Take(limit)
            .Select(e => e.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            for (var i = 0; i < _table.Rows.Count; i++)
            {
                var entry = _table.Rows[i];
                if (entry.MerchantId == merchantId && entry.EntityId == customerId && entry.Customer is not null)
                {
                    // Entries handed out are copies, so replacing the row is enough. A rollback restores by count and so keeps
                    // the redaction; erasure therefore redacts only once its customer write has succeeded.
                    var redacted = entry.Clone();
                    redacted.Customer = null;
                    _table.Rows[i] = redacted;
                }
            }

            return true;
        }, cancellationToken);
}

/// <summary>The last sequence number taken per merchant.</summary>
internal sealed class InMemoryFeedCounterTable : IInMemoryTable
{
    public Dictionary<string, long> Last { get; private set; } = [];

    public object Snapshot() => new Dictionary<string, long>(Last);

    public void Restore(object snapshot) => Last = (Dictionary<string, long>)snapshot;

    public void Clear() => Last.Clear();
}
