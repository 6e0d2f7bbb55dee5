using CustomerCore.Security;

namespace CustomerCore.Sample.Web.Staff;

/// <summary>
/// Tells CustomerCore who is acting and what they may do, from the signed-in staff member of the current request.
/// Pages check the same permissions through policies; this makes the library refuse as well, whatever a page does.
/// </summary>
public sealed class StaffAccessContext(IHttpContextAccessor http) : ICustomerCoreAccessContext
{
    /// <inheritdoc />
    public string ActorId => http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? "staff:" + name : "anonymous";

    /// <inheritdoc />
    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(http.HttpContext?.User is { } user && StaffRoles.Grants(user, permission));
}
