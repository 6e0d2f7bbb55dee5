using CustomerCore.Stores;

namespace CustomerCore.Tickets;

/// <summary>
/// Keeps <see cref="CustomerItemTotal"/> rows equal to the sum of the contributions of each customer's tickets. Called
/// by <see cref="TicketLinkWriter"/> only, inside the unit of work that changes the ticket: the ticket's contribution as
/// it was read leaves the customer it belonged to, and its contribution as written joins the customer it belongs to now.
/// Attach, move, detach, refunds, merges and merge undo all go through that one step.
/// </summary>
internal sealed class CustomerItemTotals(ICustomerItemTotalStore store)
{
    /// <summary>What one ticket adds to its customer's totals, one entry per item (lines of the same item merged).</summary>
    public static IReadOnlyList<ItemContribution> ContributionOf(TicketLink link)
    {
        if (link.CustomerId is null || !link.IsVisit || link.Lines.Count == 0)
        {
            return [];
        }

        var soldAt = ToMicroseconds(link.SortTime);
        var byItem = new Dictionary<string, ItemContribution>(StringComparer.Ordinal);
        foreach (var line in link.Lines)
        {
            if (line.KeptQuantity <= 0m)
            {
                continue;
            }

            var spent = line.KeptAmount(link.Currency);
            byItem[line.Sku] = byItem.TryGetValue(line.Sku, out var earlier)
                ? earlier with { Quantity = earlier.Quantity + line.KeptQuantity, Spent = earlier.Spent + spent }
                : new ItemContribution(line.Sku, link.Currency, line.KeptQuantity, spent, soldAt, line.Description, line.Category);
        }

        return [.. byItem.Values];
    }

    /// <summary>Moves <paramref name="previous"/>'s contribution out and <paramref name="changed"/>'s in; a version conflict when another writer raced.</summary>
    public async Task<StoreWriteOutcome> ApplyAsync(TicketLink previous, TicketLink changed, CancellationToken cancellationToken)
    {
        var before = ContributionOf(previous);
        var after = ContributionOf(changed);
        if (before.Count == 0 && after.Count == 0)
        {
            return StoreWriteOutcome.Success;
        }

        if (previous.CustomerId == changed.CustomerId && before.SequenceEqual(after))
        {
            return StoreWriteOutcome.Success;
        }

        var upserts = new List<CustomerItemTotal>();
        var deletes = new List<CustomerItemTotal>();
        if (before.Count > 0)
        {
            await SubtractAsync(changed.MerchantId, previous.CustomerId!.Value, before, upserts, deletes, cancellationToken).ConfigureAwait(false);
        }

        if (after.Count > 0)
        {
            // Subtracting first and adding second keeps "same customer, new refund" to one row version step per item.
            var pending = upserts.Where(u => u.CustomerId == changed.CustomerId).ToDictionary(u => (u.Sku, u.Currency));
            var removed = deletes.Where(d => d.CustomerId == changed.CustomerId).ToDictionary(d => (d.Sku, d.Currency));
            await AddAsync(changed.MerchantId, changed.CustomerId!.Value, after, pending, removed, upserts, deletes, cancellationToken).ConfigureAwait(false);
        }

        return await store.SaveAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
    }

    private async Task SubtractAsync(
        MerchantId merchantId, Guid customerId, IReadOnlyList<ItemContribution> contributions, List<CustomerItemTotal> upserts, List<CustomerItemTotal> deletes, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(merchantId, customerId, contributions, cancellationToken).ConfigureAwait(false);
        foreach (var contribution in contributions)
        {
            if (!stored.TryGetValue((contribution.Sku, contribution.Currency), out var total))
            {
                // The store was filled before totals existed, or by hand; nothing to take away from.
                continue;
            }

            if (total.TimesBought <= 1)
            {
                deletes.Add(total);
                continue;
            }

            var next = NextVersion(total);
            next.TimesBought--;
            next.Quantity -= contribution.Quantity;
            next.Spent -= contribution.Spent;
            if (contribution.BoughtAt >= total.LastBought)
            {
                // The latest purchase may be the one leaving; the stored lines say which one is latest now. The ticket
                // store has already written the changed ticket, so its lines no longer count for this customer.
                var latest = await store.FindLatestKeptLineAsync(merchantId, customerId, total.Sku, total.Currency, cancellationToken).ConfigureAwait(false);
                if (latest is not null)
                {
                    next.LastBought = ToMicroseconds(latest.SoldAt);
                    next.Description = latest.Line.Description;
                    next.Category = latest.Line.Category;
                }
            }

            upserts.Add(next);
        }
    }

    private async Task AddAsync(
        MerchantId merchantId,
        Guid customerId,
        IReadOnlyList<ItemContribution> contributions,
        Dictionary<(string, string), CustomerItemTotal> pending,
        Dictionary<(string, string), CustomerItemTotal> removed,
        List<CustomerItemTotal> upserts,
        List<CustomerItemTotal> deletes,
        CancellationToken cancellationToken)
    {
        var stored = await FindAsync(merchantId, customerId, contributions, cancellationToken).ConfigureAwait(false);
        foreach (var contribution in contributions)
        {
            var key = (contribution.Sku, contribution.Currency);
            CustomerItemTotal next;
            if (pending.TryGetValue(key, out var subtracted))
            {
                upserts.Remove(subtracted);
                next = subtracted;
            }
            else if (removed.TryGetValue(key, out var deleted))
            {
                // The ticket took away the customer's only purchase of the item and puts one back: one update, not a delete and an insert.
                deletes.Remove(deleted);
                next = NextVersion(deleted);
                next.TimesBought = 0;
                next.Quantity = 0m;
                next.Spent = 0m;
                next.LastBought = DateTimeOffset.MinValue;
            }
            else if (stored.TryGetValue(key, out var total))
            {
                next = NextVersion(total);
            }
            else
            {
                next = new CustomerItemTotal
                {
                    MerchantId = merchantId,
                    CustomerId = customerId,
                    Sku = contribution.Sku,
                    Currency = contribution.Currency,
                    LastBought = DateTimeOffset.MinValue,
                    Version = 1,
                };
            }

            next.TimesBought++;
            next.Quantity += contribution.Quantity;
            next.Spent += contribution.Spent;
            if (contribution.BoughtAt >= next.LastBought)
            {
                next.LastBought = contribution.BoughtAt;
                next.Description = contribution.Description;
                next.Category = contribution.Category;
            }

            upserts.Add(next);
        }
    }

    /// <summary>
    /// A time cut to whole microseconds, the precision PostgreSQL keeps: a ticket read back from the database must
    /// contribute the same time it contributed when it was written, or a later move would miss that it held the latest purchase.
    /// </summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private async Task<Dictionary<(string Sku, string Currency), CustomerItemTotal>> FindAsync(
        MerchantId merchantId, Guid customerId, IReadOnlyList<ItemContribution> contributions, CancellationToken cancellationToken)
    {
        var skus = contributions.Select(c => c.Sku).Distinct(StringComparer.Ordinal).ToList();
        var rows = await store.FindAsync(merchantId, customerId, skus, cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Sku, r.Currency));
    }

    // The one place an item total's version moves: every change replaces the stored row at the version it was read.
    private static CustomerItemTotal NextVersion(CustomerItemTotal total)
    {
        var next = total.Clone();
        next.Version++;
        return next;
    }
}

/// <summary>One ticket's purchase of one item.</summary>
internal sealed record ItemContribution(string Sku, string Currency, decimal Quantity, decimal Spent, DateTimeOffset BoughtAt, string Description, string? Category);
