using CustomerCore.Sample.Web.Staff;
using CustomerCore.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerCore.Sample.Web.Pages;

/// <summary>What every back-office page shares: the merchant it works for and the errors to show.</summary>
public abstract class BackOfficePageModel(BackOfficeMerchant merchant) : PageModel
{
    /// <summary>The merchant every CustomerCore call is scoped to.</summary>
    protected MerchantId Merchant => merchant.Id;

    /// <summary>The currency amounts typed in the back office are in.</summary>
    protected string MerchantCurrency => merchant.Currency;

    /// <summary>Errors from the last operation, shown by the <c>_Errors</c> partial.</summary>
    public IReadOnlyList<CustomerError> Errors { get; protected set; } = [];

    /// <summary>A one-line confirmation of what the last operation did.</summary>
    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Notice { get; set; }

    /// <summary>
    /// Whether the signed-in staff member holds <paramref name="permission"/>. Razor Pages applies authorization
    /// attributes per page, not per handler, so a handler that needs more than its page asks here.
    /// </summary>
    protected bool Allowed(CustomerPermission permission) => StaffRoles.Grants(User, permission);

    /// <summary>Keeps the errors of a failed result and returns false, so handlers read as one line per step.</summary>
    protected bool Check(OperationResult result)
    {
        if (result.Succeeded)
        {
            return true;
        }

        Errors = [.. Errors, .. result.Errors];
        return false;
    }
}
