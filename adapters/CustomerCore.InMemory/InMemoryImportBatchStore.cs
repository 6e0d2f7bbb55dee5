using CustomerCore.Importing;
using CustomerCore.Stores;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="IImportBatchStore"/> in memory; thread-safe and transactional with the other in-memory stores.</summary>
public sealed class InMemoryImportBatchStore : IImportBatchStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryImportBatchTable _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryImportBatchStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryImportBatchTable>();
    }

    /// <inheritdoc />
    public Task CreateAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var copy = batch.Clone();
        return _database.RunAsync(() =>
        {
            if (!_table.Batches.TryAdd(copy.Id, copy))
            {
                throw new InvalidOperationException($"Import batch {copy.Id} already exists.");
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> UpdateAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var copy = batch.Clone();
        return _database.RunAsync(() =>
        {
            if (!_table.Batches.TryGetValue(copy.Id, out var stored) || stored.MerchantId != copy.MerchantId)
            {
                return StoreWriteOutcome.NotFound;
            }

            _table.Batches[copy.Id] = copy;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ImportBatch?> FindByIdAsync(MerchantId merchantId, Guid batchId, CancellationToken cancellationToken) =>
        _database.RunAsync(
            () => _table.Batches.TryGetValue(batchId, out var batch) && batch.MerchantId == merchantId ? batch.Clone() : null,
            cancellationToken);

    /// <inheritdoc />
    public Task AddEntriesAsync(IReadOnlyCollection<ImportBatchEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var copies = entries.Select(e => e.Clone()).ToList();
        return _database.RunAsync(() =>
        {
            foreach (var entry in copies)
            {
                if (!_table.Batches.TryGetValue(entry.BatchId, out var batch) || batch.MerchantId != entry.MerchantId)
                {
                    throw new InvalidOperationException($"Import batch {entry.BatchId} does not exist.");
                }
            }

            _table.Entries.AddRange(copies);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RedactCustomerAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            for (var i = 0; i < _table.Entries.Count; i++)
            {
                var entry = _table.Entries[i];
                if (entry.MerchantId == merchantId && entry.CustomerId == customerId && entry.BeforeImage is not null)
                {
                    var redacted = entry.Clone();
                    redacted.BeforeImage = null;
                    _table.Entries[i] = redacted;
                }
            }

            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ImportBatchEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid batchId, Guid? afterCustomerId, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<ImportBatchEntry>>(() => _table.Entries
            .Where(e => e.BatchId == batchId && e.MerchantId == merchantId && (afterCustomerId is null || e.CustomerId.CompareTo(afterCustomerId.Value) > 0))
            .OrderBy(e => e.CustomerId)
            .Take(limit)
            .Select(e => e.Clone())
            .ToList(), cancellationToken);
}

/// <summary>Batch headers (replaced on undo) and their append-only entries.</summary>
internal sealed class InMemoryImportBatchTable : IInMemoryTable
{
    public Dictionary<Guid, ImportBatch> Batches { get; private set; } = [];
    public List<ImportBatchEntry> Entries { get; private set; } = [];

    // Entries are replaced (never changed in place) when redacted, so a shallow copy of the list is a snapshot.
    public object Snapshot() => (new Dictionary<Guid, ImportBatch>(Batches), new List<ImportBatchEntry>(Entries));

    public void Restore(object snapshot)
    {
        (Batches, Entries) = ((Dictionary<Guid, ImportBatch>, List<ImportBatchEntry>))snapshot;
    }

    public void Clear()
    {
        Batches = [];
        Entries = [];
    }
}
