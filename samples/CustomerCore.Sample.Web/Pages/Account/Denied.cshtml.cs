using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerCore.Sample.Web.Pages.Account;

/// <summary>Shown when a signed-in staff member opens a page their role does not allow.</summary>
public sealed class DeniedModel : PageModel
{
    /// <summary>The explanation.</summary>
    public void OnGet()
    {
    }
}
