using System.Security.Claims;
using CustomerCore.Security;

namespace CustomerCore.Sample.Web.Staff;

/// <summary>The back office's two staff roles and the CustomerCore permissions each holds.</summary>
public static class StaffRoles
{
    /// <summary>Works the till: finds, creates and edits customers, attaches tickets, reads profiles.</summary>
    public const string Cashier = "Cashier";

    /// <summary>Runs the store: everything a cashier does, plus import, export, merge, erase and credit.</summary>
    public const string Manager = "Manager";

    private static readonly Dictionary<string, CustomerPermission[]> PermissionsByRole = new(StringComparer.Ordinal)
    {
        [Cashier] = [CustomerPermissions.Read, CustomerPermissions.Write],
        [Manager] = [.. CustomerPermissions.All],
    };

    /// <summary>Every role, for seeding.</summary>
    public static IReadOnlyList<string> All { get; } = [Cashier, Manager];

    /// <summary>Whether any of <paramref name="user"/>'s roles grants <paramref name="permission"/>.</summary>
    public static bool Grants(ClaimsPrincipal user, CustomerPermission permission) =>
        user.Identity?.IsAuthenticated == true
        && PermissionsByRole.Any(role => user.IsInRole(role.Key) && role.Value.Contains(permission));

    /// <summary>The authorization policy name for a permission: its own stable name.</summary>
    public static string PolicyFor(CustomerPermission permission) => permission.Name;
}
