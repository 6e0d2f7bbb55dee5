using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Auditing;

/// <summary>Reads who changed a customer (or a group), when, how, and which fields. Needs <see cref="CustomerPermissions.Read"/>.</summary>
public sealed class CustomerAuditTrail
{
    private readonly IAuditTrailStore _audit;
    private readonly PermissionGuard _guard;

    internal CustomerAuditTrail(IAuditTrailStore audit, PermissionGuard guard)
    {
        _audit = audit;
        _guard = guard;
    }

    /// <summary>Every recorded change of a customer or group, oldest first.</summary>
    public async Task<OperationResult<IReadOnlyList<AuditEntry>>> ReadAsync(
        MerchantId merchantId, Guid entityId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<AuditEntry>>.Failed(denied);
        }

        return OperationResult<IReadOnlyList<AuditEntry>>.Success(
            await _audit.ListAsync(merchantId, entityId, cancellationToken).ConfigureAwait(false));
    }
}
