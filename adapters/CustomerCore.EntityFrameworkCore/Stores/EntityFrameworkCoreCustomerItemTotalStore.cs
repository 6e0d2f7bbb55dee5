using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>An <see cref="ICustomerItemTotalStore"/> over <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreCustomerItemTotalStore<TContext> : ICustomerItemTotalStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreCustomerItemTotalStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<CustomerItemTotal> TotalsOf(MerchantId merchantId, Guid customerId) =>
        Context.Set<CustomerItemTotal>().AsNoTracking().Where(t => t.MerchantId == merchantId && t.CustomerId == customerId);

    private IQueryable<TicketLineRow> KeptLinesOf(MerchantId merchantId, Guid customerId) =>
        Context.Set<TicketLineRow>().AsNoTracking().Where(l => l.MerchantId == merchantId && l.KeptByCustomerId == customerId);

    /// <inheritdoc />
    /// <remarks>
    /// One statement: the figure of each item is summed in the database, the <paramref name="take"/>-th largest is found
    /// there, and only the rows of the items at or above it come back. Quantities are summed as doubles (SQLite keeps
    /// decimals as text and cannot order them) and compared with a small margin, so rounding can only add items.
    /// </remarks>
    public async Task<IReadOnlyList<CustomerItemTotal>> ListLeadingAsync(
        MerchantId merchantId, Guid customerId, PurchaseRanking rankBy, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var totals = TotalsOf(merchantId, customerId);
        var figures = rankBy == PurchaseRanking.Quantity
            ? totals.GroupBy(t => t.Sku).Select(item => new { Sku = item.Key, Figure = item.Sum(t => (double)t.Quantity) })
            : totals.GroupBy(t => t.Sku).Select(item => new { Sku = item.Key, Figure = (double)item.Sum(t => t.TimesBought) });
        var skip = take - 1;
        var leading = figures
            .Where(item => item.Figure >= figures.OrderByDescending(f => f.Figure).Select(f => f.Figure).Skip(skip).FirstOrDefault() * QuantityMargin)
            .Select(item => item.Sku);
        return await totals.Where(t => leading.Contains(t.Sku)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    // Summed quantities are doubles; an item whose exact sum ties the threshold may round a hair below it.
    private const double QuantityMargin = 1 - 1e-9;

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomerItemTotal>> FindAsync(
        MerchantId merchantId, Guid customerId, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var wanted = skus.ToList();
        return await TotalsOf(merchantId, customerId).Where(t => wanted.Contains(t.Sku)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> SaveAsync(IReadOnlyList<CustomerItemTotal> upserts, IReadOnlyList<CustomerItemTotal> deletes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return StoreWriteOutcome.Success;
        }

        var context = Context;
        var entries = new List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<CustomerItemTotal>>();
        foreach (var total in upserts)
        {
            if (total.Version == 1)
            {
                entries.Add(context.Add(total.Clone()));
                continue;
            }

            var entry = context.Attach(total.Clone());
            entry.State = EntityState.Modified;
            entry.Property(t => t.Version).OriginalValue = total.Version - 1;
            entries.Add(entry);
        }

        foreach (var total in deletes)
        {
            var entry = context.Attach(total.Clone());
            entry.State = EntityState.Deleted;
            entries.Add(entry);
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return StoreWriteOutcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return StoreWriteOutcome.VersionConflict;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            // Another till inserted the same customer's first purchase of the item first.
            return StoreWriteOutcome.VersionConflict;
        }
        finally
        {
            entries.ForEach(entry => entry.State = EntityState.Detached);
        }
    }

    /// <inheritdoc />
    public async Task<KeptTicketLine?> FindLatestKeptLineAsync(
        MerchantId merchantId, Guid customerId, string sku, string currency, CancellationToken cancellationToken)
    {
        var row = await KeptLinesOf(merchantId, customerId)
            .Where(l => l.Sku == sku && l.Currency == currency)
            .OrderByDescending(l => l.SoldAt)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        return row?.ToKeptLine();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeptTicketLine>> ListKeptLinesAsync(
        MerchantId merchantId, Guid customerId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var query = KeptLinesOf(merchantId, customerId);
        if (since is { } from)
        {
            var ticks = from.UtcTicks;
            query = query.Where(l => l.SoldAt >= ticks);
        }

        var rows = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToKeptLine())];
    }
}
