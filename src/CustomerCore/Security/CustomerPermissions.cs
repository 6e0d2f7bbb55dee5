namespace CustomerCore.Security;

/// <summary>
/// A permission a service operation asks the host for. A typed value rather than a string, so a host maps its roles
/// to a closed set (<see cref="All"/>) and a typo does not compile.
/// </summary>
public sealed class CustomerPermission : IEquatable<CustomerPermission>
{
    private CustomerPermission(string name)
    {
        Name = name;
    }

    /// <summary>The permission's stable name (for example <c>customers.read</c>), for configuration and logs.</summary>
    public string Name { get; }

    /// <summary>Every permission CustomerCore asks for.</summary>
    public static IReadOnlyList<CustomerPermission> All => CustomerPermissions.All;

    /// <summary>Finds a permission by its <see cref="Name"/>; null when there is none.</summary>
    public static CustomerPermission? FromName(string? name) =>
        CustomerPermissions.All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    internal static CustomerPermission Define(string name) => new(name);

    /// <inheritdoc />
    public bool Equals(CustomerPermission? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CustomerPermission);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The permissions service operations ask the host for.</summary>
public static class CustomerPermissions
{
    /// <summary>Look customers up and read them.</summary>
    public static readonly CustomerPermission Read = CustomerPermission.Define("customers.read");
    /// <summary>Create and change customers.</summary>
    public static readonly CustomerPermission Write = CustomerPermission.Define("customers.write");
    /// <summary>Import spreadsheets.</summary>
    public static readonly CustomerPermission Import = CustomerPermission.Define("customers.import");
    /// <summary>Export spreadsheets.</summary>
    public static readonly CustomerPermission Export = CustomerPermission.Define("customers.export");
    /// <summary>Merge two customers.</summary>
    public static readonly CustomerPermission Merge = CustomerPermission.Define("customers.merge");
    /// <summary>Erase a customer's personal data.</summary>
    public static readonly CustomerPermission Erase = CustomerPermission.Define("customers.erase");
    /// <summary>Post to credit ledgers.</summary>
    public static readonly CustomerPermission CreditPost = CustomerPermission.Define("credit.post");

    /// <summary>Every permission, in the order above.</summary>
    public static IReadOnlyList<CustomerPermission> All { get; } = [Read, Write, Import, Export, Merge, Erase, CreditPost];
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
    ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken);
}

/// <summary>Allows everything; the default when the host registers no <see cref="ICustomerCoreAccessContext"/>.</summary>
public sealed class AllowAllAccessContext : ICustomerCoreAccessContext
{
    /// <inheritdoc />
    public string ActorId => "system";

    /// <inheritdoc />
    public ValueTask<bool> HasPermissionAsync(MerchantId merchantId, CustomerPermission permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
