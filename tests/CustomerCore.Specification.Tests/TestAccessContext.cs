using CustomerCore.Security;

namespace CustomerCore.Specification.Tests;

/// <summary>An access context for tests: a named actor that holds every permission except the ones listed.</summary>
internal sealed class TestAccessContext(string actorId, params string[] deniedPermissions) : ICustomerCoreAccessContext
{
    public string ActorId { get; } = actorId;

    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, string permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!deniedPermissions.Contains(permission));
}
