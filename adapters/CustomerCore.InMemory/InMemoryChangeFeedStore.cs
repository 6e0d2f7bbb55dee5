using CustomerCore.ChangeFeed;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>The change feed in memory. Appends run under the database lock, which serializes them in commit order.</summary>
public sealed class InMemoryChangeFeedStore : IChangeFeedStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryAppendOnlyTable<ChangeFeedEntry> _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryChangeFeedStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryAppendOnlyTable<ChangeFeedEntry>>();
    }

    /// <inheritdoc />
    public Task AppendAsync(MerchantId merchantId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return _database.RunAsync(() =>
        {
            // Rows are only appended and rolled back from the end, so the merchant's last row holds its last number.
            var last = _table.Rows.FindLast(e => e.MerchantId == merchantId)?.Sequence ?? 0L;
            foreach (var entry in entries)
            {
                entry.Sequence = ++last;
                _table.Rows.Add(Copy(entry));
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangeFeedEntry>> ReadAsync(MerchantId merchantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<ChangeFeedEntry>>(() => _table.Rows
            .Where(e => e.MerchantId == merchantId && e.Sequence > afterSequence)
            .Take(limit)
            .Select(Copy)
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
                    var redacted = Copy(entry);
                    redacted.Customer = null;
                    _table.Rows[i] = redacted;
                }
            }

            return true;
        }, cancellationToken);

    private static ChangeFeedEntry Copy(ChangeFeedEntry entry) => new()
    {
        Sequence = entry.Sequence,
        MerchantId = entry.MerchantId,
        Kind = entry.Kind,
        EntityId = entry.EntityId,
        OccurredAt = entry.OccurredAt,
        Customer = entry.Customer,
        Group = entry.Group,
    };
}
