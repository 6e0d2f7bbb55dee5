using CustomerCore.EntityFrameworkCore.Configurations;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>An <see cref="ITicketLinkStore"/> over <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreTicketLinkStore<TContext> : ITicketLinkStore
    where TContext : DbContext
{
    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreTicketLinkStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<TicketLink> LinksOf(MerchantId merchantId) =>
        Context.Set<TicketLink>().AsNoTracking().Where(t => t.MerchantId == merchantId);

    /// <inheritdoc />
    public async Task<TicketLink?> FindByReferenceAsync(MerchantId merchantId, string ticketReference, CancellationToken cancellationToken)
    {
        var link = await LinksOf(merchantId).Where(t => t.TicketReference == ticketReference).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (link is not null)
        {
            await LoadLinesAsync(merchantId, [link], cancellationToken).ConfigureAwait(false);
        }

        return link;
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> CreateAsync(TicketLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var context = Context;
        await using var own = await OwnTransactionAsync(context, link.IsVisit, cancellationToken).ConfigureAwait(false);
        var entry = context.Add(link.Clone());
        entry.Property(TicketLinkConfiguration.SortKey).CurrentValue = link.SortTime.UtcTicks;
        var lines = link.Lines.Select(line => context.Add(TicketLineRow.From(link, line))).ToList();
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            return StoreWriteOutcome.DuplicateKey;
        }
        finally
        {
            entry.State = EntityState.Detached;
            lines.ForEach(line => line.State = EntityState.Detached);
        }

        await RefreshVisitKeysAsync(context, link.MerchantId, null, Visit.Of(link), cancellationToken).ConfigureAwait(false);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return StoreWriteOutcome.Success;
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> UpdateAsync(TicketLink link, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var context = Context;
        await using var own = await OwnTransactionAsync(context, true, cancellationToken).ConfigureAwait(false);

        // What the ticket counted as before, read in the transaction that replaces it: its customer's visit keys may move.
        var id = link.Id;
        var before = await LinksOf(link.MerchantId)
            .Where(t => t.Id == id)
            .Select(t => new { t.CustomerId, t.Status, SortKey = EF.Property<long>(t, TicketLinkConfiguration.SortKey) })
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        var entry = context.Attach(link.Clone());
        entry.State = EntityState.Modified;
        entry.Property(t => t.Version).OriginalValue = expectedVersion;
        entry.Property(TicketLinkConfiguration.SortKey).CurrentValue = link.SortTime.UtcTicks;
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            entry.State = EntityState.Detached;
            var exists = await LinksOf(link.MerchantId).AnyAsync(t => t.Id == link.Id, cancellationToken).ConfigureAwait(false);
            return exists ? StoreWriteOutcome.VersionConflict : StoreWriteOutcome.NotFound;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }

        await ReplaceLinesAsync(context, link, cancellationToken).ConfigureAwait(false);
        var previous = before is null ? null : Visit.Of(before.CustomerId, before.Status, before.SortKey);
        await RefreshVisitKeysAsync(context, link.MerchantId, previous, Visit.Of(link), cancellationToken).ConfigureAwait(false);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return StoreWriteOutcome.Success;
    }

    /// <summary>A transaction of the store's own when the write has more than one statement and the caller opened none
    /// (a ticket written outside a unit of work must still move its customer's visit keys with it).</summary>
    private static async Task<IDbContextTransaction?> OwnTransactionAsync(DbContext context, bool needed, CancellationToken cancellationToken) =>
        needed && context.Database.CurrentTransaction is null
            ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;

    // The customers' latest visits rank the till's name search and are part of their visit keys; a ticket that counted as
    // a visit of a customer before or after this write may have moved them. A ticket that is no visit either way cannot.
    private static async Task RefreshVisitKeysAsync(DbContext context, MerchantId merchantId, Visit? before, Visit? after, CancellationToken cancellationToken)
    {
        if (before == after)
        {
            return;
        }

        var customers = new[] { before?.CustomerId, after?.CustomerId }.OfType<Guid>().Distinct().ToList();
        await CustomerVisitKeys.RefreshAsync(context, merchantId, customers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A ticket as a visit: its customer and sort key, when it counts as one.</summary>
    private sealed record Visit(Guid CustomerId, long SortKey)
    {
        public static Visit? Of(TicketLink link) => Of(link.CustomerId, link.Status, link.SortTime.UtcTicks);

        public static Visit? Of(Guid? customerId, TicketStatus status, long sortKey) =>
            customerId is { } id && status is TicketStatus.Completed or TicketStatus.PartiallyRefunded ? new Visit(id, sortKey) : null;
    }

    // The lines' copies of the ticket's customer, state and time change with the ticket, so its rows are rewritten with it.
    // The ticket row was written first under its version check: a racing writer has already been turned away.
    private static async Task ReplaceLinesAsync(DbContext context, TicketLink link, CancellationToken cancellationToken)
    {
        if (link.Lines.Count == 0)
        {
            // Lines are never taken off a ticket (a report without lines keeps them), so a ticket without lines has no rows.
            return;
        }

        var id = link.Id;
        var merchantId = link.MerchantId;
        await context.Set<TicketLineRow>().Where(l => l.MerchantId == merchantId && l.TicketId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await EntityWrites.InsertManyAsync(context, link.Lines.Select(line => TicketLineRow.From(link, line)).ToList(), cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadLinesAsync(MerchantId merchantId, IReadOnlyList<TicketLink> links, CancellationToken cancellationToken)
    {
        var ids = links.Select(l => l.Id).ToList();
        var rows = await Context.Set<TicketLineRow>().AsNoTracking()
            .Where(l => l.MerchantId == merchantId && ids.Contains(l.TicketId))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return;
        }

        var byTicket = rows.ToLookup(r => r.TicketId);
        foreach (var link in links)
        {
            link.Lines = [.. byTicket[link.Id].OrderBy(r => r.LineNumber).Select(r => r.ToLine())];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TicketLink>> ListByCustomerAsync(
        MerchantId merchantId, Guid customerId, (DateTimeOffset SortTime, Guid Id)? after, int limit, CancellationToken cancellationToken)
    {
        var query = LinksOf(merchantId).Where(t => t.CustomerId == customerId);
        if (after is { } position)
        {
            var ticks = position.SortTime.UtcTicks;
            var id = position.Id;
            query = query.Where(t => EF.Property<long>(t, TicketLinkConfiguration.SortKey) < ticks
                || (EF.Property<long>(t, TicketLinkConfiguration.SortKey) == ticks && t.Id < id));
        }

        var links = await query
            .OrderByDescending(t => EF.Property<long>(t, TicketLinkConfiguration.SortKey))
            .ThenByDescending(t => t.Id)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (links.Count > 0)
        {
            await LoadLinesAsync(merchantId, links, cancellationToken).ConfigureAwait(false);
        }

        return links;
    }

    /// <inheritdoc />
    public async Task<TicketAggregate> AggregateAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var visits = LinksOf(merchantId).Where(t => t.CustomerId == customerId
            && (t.Status == TicketStatus.Completed || t.Status == TicketStatus.PartiallyRefunded));
        var byCurrency = await visits
            .GroupBy(t => t.Currency)
            .Select(g => new
            {
                Currency = g.Key,
                Count = g.Count(),
                First = g.Min(t => EF.Property<long>(t, TicketLinkConfiguration.SortKey)),
                Last = g.Max(t => EF.Property<long>(t, TicketLinkConfiguration.SortKey)),
            })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (byCurrency.Count == 0)
        {
            return new TicketAggregate(null, null, 0, new Dictionary<string, decimal>());
        }

        // Sums are read per ticket rather than trusted from SQL: SQLite has no decimal type and would sum in floating point.
        var spent = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await foreach (var ticket in visits.Select(t => new { t.Currency, t.Total, t.RefundedAmount }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            spent[ticket.Currency] = spent.GetValueOrDefault(ticket.Currency) + ticket.Total - ticket.RefundedAmount;
        }

        return new TicketAggregate(
            new DateTimeOffset(byCurrency.Min(c => c.First), TimeSpan.Zero),
            new DateTimeOffset(byCurrency.Max(c => c.Last), TimeSpan.Zero),
            byCurrency.Sum(c => c.Count),
            spent);
    }
}
