using CustomerCore.Security;

namespace CustomerCore.Specification.Tests;

/// <summary>An access context for tests: a named actor that holds every permission except the ones listed.</summary>
internal sealed class TestAccessContext(string actorId, params CustomerPermission[] deniedPermissions) : ICustomerCoreAccessContext
{
    public string ActorId { get; } = actorId;

    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!deniedPermissions.Contains(permission));
}

/// <summary>
/// The access context every test container uses: allows everything as <c>system</c> until a test switches the actor
/// (see <see cref="CustomerCoreSpecificationTestBase.ActAs"/>), so one container and its stores serve several actors.
/// </summary>
public sealed class SwitchableAccessContext : ICustomerCoreAccessContext
{
    private ICustomerCoreAccessContext _current = new AllowAllAccessContext();

    /// <summary>Makes <paramref name="access"/> the acting user from now on.</summary>
    public void Switch(ICustomerCoreAccessContext access) => _current = access ?? throw new ArgumentNullException(nameof(access));

    /// <inheritdoc />
    public string ActorId => _current.ActorId;

    /// <inheritdoc />
    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) =>
        _current.HasPermissionAsync(merchantId, permission, cancellationToken);
}
