using CustomerCore.Stores;
using CustomerCore.Tickets;

namespace CustomerCore.InMemory;

/// <summary>An <see cref="ICustomerItemTotalStore"/> in memory; kept lines are read from the ticket links themselves. Thread-safe.</summary>
public sealed class InMemoryCustomerItemTotalStore : ICustomerItemTotalStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryKeyedTable<CustomerItemTotal> _totals;
    private readonly InMemoryKeyedTable<TicketLink> _tickets;

    /// <summary>Creates the store over a shared database.</summary>
    public InMemoryCustomerItemTotalStore(InMemoryDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _totals = database.Table<InMemoryKeyedTable<CustomerItemTotal>>();
        _tickets = database.Table<InMemoryKeyedTable<TicketLink>>();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerItemTotal>> ListLeadingAsync(
        MerchantId merchantId, Guid customerId, PurchaseRanking rankBy, int take, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<CustomerItemTotal>>(() =>
        {
            var items = _totals.Rows.Values
                .Where(t => t.MerchantId == merchantId && t.CustomerId == customerId)
                .GroupBy(t => t.Sku, StringComparer.Ordinal)
                .Select(item => (Totals: item.ToList(), Figure: rankBy == PurchaseRanking.Quantity ? item.Sum(t => t.Quantity) : item.Sum(t => t.TimesBought)))
                .ToList();
            var threshold = items.Select(i => i.Figure).OrderDescending().Skip(take - 1).FirstOrDefault();
            return [.. items.Where(i => i.Figure >= threshold).SelectMany(i => i.Totals).Select(t => t.Clone())];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerItemTotal>> FindAsync(
        MerchantId merchantId, Guid customerId, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var wanted = skus.ToHashSet(StringComparer.Ordinal);
        return _database.RunAsync<IReadOnlyList<CustomerItemTotal>>(
            () => [.. _totals.Rows.Values.Where(t => t.MerchantId == merchantId && t.CustomerId == customerId && wanted.Contains(t.Sku)).Select(t => t.Clone())],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteOutcome> SaveAsync(IReadOnlyList<CustomerItemTotal> upserts, IReadOnlyList<CustomerItemTotal> deletes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        var writes = upserts.Select(t => t.Clone()).ToList();
        return _database.RunAsync(() =>
        {
            // Check everything first, so a conflict writes nothing.
            foreach (var total in writes)
            {
                var found = _totals.Rows.TryGetValue(Key(total), out var stored);
                if (total.Version == 1 ? found : !found || stored!.Version != total.Version - 1)
                {
                    return StoreWriteOutcome.VersionConflict;
                }
            }

            if (deletes.Any(d => !_totals.Rows.TryGetValue(Key(d), out var stored) || stored.Version != d.Version))
            {
                return StoreWriteOutcome.VersionConflict;
            }

            foreach (var total in writes)
            {
                _totals.Rows[Key(total)] = total;
            }

            foreach (var total in deletes)
            {
                _totals.Rows.Remove(Key(total));
            }

            return StoreWriteOutcome.Success;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeptTicketLine?> FindLatestKeptLineAsync(MerchantId merchantId, Guid customerId, string sku, string currency, CancellationToken cancellationToken) =>
        _database.RunAsync(() => KeptLines(merchantId, customerId, null)
            .Where(l => l.Line.Sku == sku && l.Currency == currency)
            .MaxBy(l => l.SoldAt), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<KeptTicketLine>> ListKeptLinesAsync(MerchantId merchantId, Guid customerId, DateTimeOffset? since, CancellationToken cancellationToken) =>
        _database.RunAsync<IReadOnlyList<KeptTicketLine>>(() => [.. KeptLines(merchantId, customerId, since)], cancellationToken);

    private IEnumerable<KeptTicketLine> KeptLines(MerchantId merchantId, Guid customerId, DateTimeOffset? since) =>
        _tickets.Rows.Values
            .Where(t => t.MerchantId == merchantId && t.CustomerId == customerId && t.IsVisit && (since is null || t.SortTime >= since))
            .SelectMany(t => t.Lines.Where(l => l.KeptQuantity > 0m).Select(l => new KeptTicketLine(t.Id, t.Currency, t.SortTime, l)));

    private static (string, string) Key(CustomerItemTotal total) => (total.MerchantId.Value, $"{total.CustomerId:N}\n{total.Currency}\n{total.Sku}");
}
