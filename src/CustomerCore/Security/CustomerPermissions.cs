namespace CustomerCore.Security;

/// <summary>The permissions service operations ask the host for.</summary>
public static class CustomerPermissions
{
    /// <summary>Look customers up and read them.</summary>
    public const string Read = "customers.read";
    /// <summary>Create and change customers.</summary>
    public const string Write = "customers.write";
    /// <summary>Import spreadsheets.</summary>
    public const string Import = "customers.import";
    /// <summary>Export spreadsheets.</summary>
    public const string Export = "customers.export";
    /// <summary>Merge two customers.</summary>
    public const string Merge = "customers.merge";
    /// <summary>Erase a customer's personal data.</summary>
    public const string Erase = "customers.erase";
    /// <summary>Post to credit ledgers.</summary>
    public const string CreditPost = "credit.post";
}

/// <summary>
/// Who is acting and what they may do; supplied by the host (for example from the signed-in staff member).
/// The default allows everything and acts as <c>system</c>.
/// </summary>
public interface ICustomerCoreAccessContext
{
    /// <summary>The acting user or system, recorded on every change.</summary>
    string ActorId { get; }

    /// <summary>Whether the acting user holds <paramref name="permission"/> for the merchant.</summary>
    ValueTask<bool> HasPermissionAsync(MerchantId merchantId, string permission, CancellationToken cancellationToken);
}

/// <summary>Allows everything; the default when the host registers no <see cref="ICustomerCoreAccessContext"/>.</summary>
public sealed class AllowAllAccessContext : ICustomerCoreAccessContext
{
    /// <inheritdoc />
    public string ActorId => "system";

    /// <inheritdoc />
    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, string permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
