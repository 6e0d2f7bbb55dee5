using Microsoft.AspNetCore.Identity;

namespace CustomerCore.Sample.Web.Staff;

/// <summary>The demo cashier and manager, created in Development only so a first run can sign in (docs/samples.md).</summary>
public static class DemoStaff
{
    /// <summary>The demo cashier's user name.</summary>
    public const string CashierUser = "cashier";

    /// <summary>The demo cashier's password.</summary>
    public const string CashierPassword = "Cashier-2026!";

    /// <summary>The demo manager's user name.</summary>
    public const string ManagerUser = "manager";

    /// <summary>The demo manager's password.</summary>
    public const string ManagerPassword = "Manager-2026!";

    /// <summary>Creates the roles and the two demo users when they are missing; leaves existing ones alone.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        await EnsureUserAsync(users, CashierUser, CashierPassword, StaffRoles.Cashier);
        await EnsureUserAsync(users, ManagerUser, ManagerPassword, StaffRoles.Manager);
    }

    private static async Task EnsureUserAsync(UserManager<IdentityUser> users, string name, string password, string role)
    {
        if (await users.FindByNameAsync(name) is not null)
        {
            return;
        }

        var user = new IdentityUser(name);
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding the demo staff failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
