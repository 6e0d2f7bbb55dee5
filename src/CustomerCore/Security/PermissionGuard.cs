namespace CustomerCore.Security;

/// <summary>The one place a service operation asks whether the actor may go on, and turns "no" into an error.</summary>
internal sealed class PermissionGuard(ICustomerCoreAccessContext access, CustomerErrorDescriber describer)
{
    /// <summary>The acting user or system, recorded on every change.</summary>
    public string Actor => access.ActorId;

    /// <summary>Null when the actor holds <paramref name="permission"/> for the merchant, otherwise the error to return.
    /// Refuses an empty merchant id first (a bug in the caller, not an expected outcome).</summary>
    public async ValueTask<CustomerError?> DenyAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken)
    {
        merchantId.ThrowIfEmpty();
        return await access.HasPermissionAsync(merchantId, permission, cancellationToken).ConfigureAwait(false)
            ? null
            : describer.Forbidden(permission);
    }
}
