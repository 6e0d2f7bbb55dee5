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
}
