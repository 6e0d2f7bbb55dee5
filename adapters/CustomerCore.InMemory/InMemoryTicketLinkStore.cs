using CustomerCore.Stores;
using CustomerCore.Tickets;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ITicketLinkStore"/> in memory; thread-safe.</summary>
public sealed class InMemoryTicketLinkStore : ITicketLinkStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryKeyedTable<TicketLink> _table;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryTicketLinkStore(InMemoryDatabase database)
    {
        _database = database;
        _table = database.Table<InMemoryKeyedTable<TicketLink>>();
    }

    /// <inheritdoc />
    public Task<TicketLink?> FindByReferenceAsync(MerchantId merchantId, string ticketReference, CancellationToken cancellationToken) =>
        _database.RunAsync(() => _table.Rows.TryGetValue(Key(merchantId, ticketReference), out var link) ? link.Clone() : null, cancellationToken);

    /// <inheritdoc />
    public Task<StoreWriteOutcome> CreateAsync(TicketLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var copy = link.Clone();
        return _database.RunAsync(() => _table.Rows.TryAdd(Key(copy.MerchantId, copy.TicketReference), copy)
            ? StoreWriteOutcome.Success
            : StoreWriteOutcome.DuplicateKey, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> UpdateAsync(TicketLink link, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var copy = link.Clone();
        return _database.RunAsync(() =>
        {
            var key = Key(copy.MerchantId, copy.TicketReference);
            if (!_table.Rows.TryGetValue(key, out var stored) || stored.Id != copy.Id)
            {
                return StoreWriteOutcome.NotFound;
            }

            if (stored.Version != expectedVersion)
            {
                return StoreWriteOutcome.VersionConflict;
            }

            _table.Rows[key] = copy;
            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TicketLink>> ListByCustomerAsync(
        MerchantId merchantId, Guid customerId, (DateTimeOffset SortTime, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<TicketLink>>(() => _table.Rows.Values
            .Where(t => t.MerchantId == merchantId && t.CustomerId == customerId)
            .Where(t => after is not { } a || t.SortTime < a.SortTime || (t.SortTime == a.SortTime && t.Id.CompareTo(a.Id) < 0))
            .OrderByDescending(t => t.SortTime)
            .ThenByDescending(t => t.Id)
            .Take(limit)
            .Select(t => t.Clone())
            .ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<TicketAggregate> AggregateAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        _database.RunAsync(() =>
        {
            var visits = _table.Rows.Values.Where(t => t.MerchantId == merchantId && t.CustomerId == customerId && t.IsVisit).ToList();
            return new TicketAggregate(
                visits.Count == 0 ? null : visits.Min(t => t.SortTime),
                visits.Count == 0 ? null : visits.Max(t => t.SortTime),
                visits.Count,
                visits.GroupBy(t => t.Currency).ToDictionary(g => g.Key, g => g.Sum(t => t.NetSpent)));
        }, cancellationToken);

    private static (string, string) Key(MerchantId merchantId, string reference) => (merchantId.Value, reference);
}

/// <summary>Rows of type <typeparamref name="T"/> keyed by (merchant, key); rows are replaced, never mutated, so a shallow copy is a snapshot.</summary>
internal sealed class InMemoryKeyedTable<T> : IInMemoryTable
{
    public Dictionary<(string Merchant, string Key), T> Rows { get; private set; } = [];

    public object Snapshot() => new Dictionary<(string, string), T>(Rows);

    public void Restore(object snapshot) => Rows = (Dictionary<(string, string), T>)snapshot;

    public void Clear() => Rows = [];
}
