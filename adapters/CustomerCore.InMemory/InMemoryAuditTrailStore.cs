using CustomerCore.Auditing;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An append-only <see cref="IAuditTrailStore"/> in memory.</summary>
public sealed class InMemoryAuditTrailStore : IAuditTrailStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryAppendOnlyTable<AuditEntry> _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryAuditTrailStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryAppendOnlyTable<AuditEntry>>();
    }

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var copy = entries.Select(e => e.Clone()).ToList();
        return _database.RunAsync(() =>
        {
            _table.Rows.AddRange(copy);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(MerchantId merchantId, Guid entityId, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<AuditEntry>>(() => _table.Rows
            .Where(e => e.MerchantId == merchantId && e.EntityId == entityId)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Clone())
            .ToList(), cancellationToken);
}
