using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>The insert every store does the same way: save one new row, map a unique-index refusal to an outcome,
/// and leave nothing tracked either way.</summary>
internal static class EntityWrites
{
    public static async Task<CustomerCore.Stores.StoreWriteOutcome> InsertAsync(DbContext context, object entity, CustomerCore.Stores.StoreWriteOutcome whenDuplicate, CancellationToken cancellationToken)
    {
        var entry = context.Add(entity);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return CustomerCore.Stores.StoreWriteOutcome.Success;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            return whenDuplicate;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Inserts new rows that no unique index can refuse (append-only logs), leaving nothing tracked: on SQLite and
    /// PostgreSQL as one set-based statement, else one SaveChanges (which wraps the rows in a transaction of its own when
    /// none is open).
    /// </summary>
    public static async Task InsertManyAsync<T>(DbContext context, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0 || await SetBasedRowInserter.TryInsertAsync(context, rows, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var entries = rows.Select(row => context.Add(row)).ToList();
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var entry in entries)
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
