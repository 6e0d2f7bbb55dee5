using CustomerCore.Security;

namespace CustomerCore.Tickets;

public sealed partial class TicketLinkService
{
    /// <summary>
    /// The items the customer buys most, from the lines of their paid tickets with returns taken off. Over all time the
    /// list is read from the item totals every ticket change keeps up to date; with <see cref="PurchaseProfileQuery.Since"/>
    /// it is computed from the lines of the tickets paid since then.
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<PurchasedItem>>> GetFrequentItemsAsync(
        MerchantId merchantId, Guid customerId, PurchaseProfileQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PurchaseProfileQuery();
        if (await DenyProfileAsync(merchantId, query, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return OperationResult<IReadOnlyList<PurchasedItem>>.Failed(refused);
        }

        IEnumerable<PurchasedItem> items;
        if (query.Since is null)
        {
            // The store narrows the customer's totals to the items that can make the list; the ranking below is the one rule.
            var totals = await _itemTotals.ListLeadingAsync(merchantId, customerId, query.RankBy, query.Take, cancellationToken).ConfigureAwait(false);
            items = totals.GroupBy(t => t.Sku, StringComparer.Ordinal).Select(item =>
            {
                var latest = item.MaxBy(t => t.LastBought)!;
                return new PurchasedItem(
                    item.Key, latest.Description, latest.Category, item.Sum(t => t.TimesBought), item.Sum(t => t.Quantity),
                    item.ToDictionary(t => t.Currency, t => t.Spent, StringComparer.Ordinal), latest.LastBought);
            });
        }
        else
        {
            var lines = await _itemTotals.ListKeptLinesAsync(merchantId, customerId, query.Since, cancellationToken).ConfigureAwait(false);
            items = lines.GroupBy(l => l.Line.Sku, StringComparer.Ordinal).Select(item =>
            {
                var latest = item.MaxBy(l => l.SoldAt)!;
                return new PurchasedItem(
                    item.Key, latest.Line.Description, latest.Line.Category, item.Select(l => l.TicketId).Distinct().Count(),
                    item.Sum(l => l.Line.KeptQuantity), SpentByCurrency(item), CustomerItemTotals.ToMicroseconds(latest.SoldAt));
            });
        }

        var ranked = Rank(items, query.RankBy, i => i.TimesBought, i => i.Quantity, i => i.LastBought, i => i.Sku);
        return OperationResult<IReadOnlyList<PurchasedItem>>.Success([.. ranked.Take(query.Take)]);
    }

    /// <summary>The categories the customer buys from most, computed from the lines of their paid tickets (lines without a category are left out).</summary>
    public async Task<OperationResult<IReadOnlyList<PurchasedCategory>>> GetTopCategoriesAsync(
        MerchantId merchantId, Guid customerId, PurchaseProfileQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PurchaseProfileQuery();
        if (await DenyProfileAsync(merchantId, query, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return OperationResult<IReadOnlyList<PurchasedCategory>>.Failed(refused);
        }

        var lines = await _itemTotals.ListKeptLinesAsync(merchantId, customerId, query.Since, cancellationToken).ConfigureAwait(false);
        var categories = lines.Where(l => l.Line.Category is not null).GroupBy(l => l.Line.Category!, StringComparer.Ordinal).Select(category =>
            new PurchasedCategory(
                category.Key, category.Select(l => l.TicketId).Distinct().Count(), category.Sum(l => l.Line.KeptQuantity),
                SpentByCurrency(category), CustomerItemTotals.ToMicroseconds(category.Max(l => l.SoldAt))));
        var ranked = Rank(categories, query.RankBy, c => c.TimesBought, c => c.Quantity, c => c.LastBought, c => c.Category);
        return OperationResult<IReadOnlyList<PurchasedCategory>>.Success([.. ranked.Take(query.Take)]);
    }

    private async Task<CustomerError?> DenyProfileAsync(MerchantId merchantId, PurchaseProfileQuery query, CancellationToken cancellationToken)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (query.Take is < 1 or > 100)
        {
            return _describer.ValueOutOfRange(nameof(PurchaseProfileQuery.Take), 1, 100);
        }

        return Enum.IsDefined(query.RankBy) ? null : _describer.UnknownValue(nameof(PurchaseProfileQuery.RankBy), query.RankBy.ToString());
    }

    private static Dictionary<string, decimal> SpentByCurrency(IEnumerable<KeptTicketLine> lines) =>
        lines.GroupBy(l => l.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Line.KeptAmount(l.Currency)), StringComparer.Ordinal);

    // One order for items and categories, so the same purchases always list the same way: the ranking figure, the other
    // figure, the latest purchase, then the name.
    private static IOrderedEnumerable<T> Rank<T>(
        IEnumerable<T> entries, PurchaseRanking rankBy, Func<T, int> times, Func<T, decimal> quantity, Func<T, DateTimeOffset> last, Func<T, string> name) =>
        (rankBy == PurchaseRanking.Quantity
            ? entries.OrderByDescending(quantity).ThenByDescending(times)
            : entries.OrderByDescending(times).ThenByDescending(quantity))
        .ThenByDescending(last)
        .ThenBy(name, StringComparer.Ordinal);
}
