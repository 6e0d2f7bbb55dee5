using CustomerCore.Auditing;

namespace CustomerCore.Stores;

/// <summary>Persists the audit trail. Entries are only ever inserted, inside the unit of work of the change they record.</summary>
public interface IAuditTrailStore
{
    /// <summary>Inserts entries.</summary>
    Task AppendAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Every entry about <paramref name="entityId"/> (a customer or a group), oldest first (by <see cref="AuditEntry.Sequence"/>).</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(MerchantId merchantId, Guid entityId, CancellationToken cancellationToken);
}
