using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerCore.Sample.Web.Pages.Account;

/// <summary>Signs the staff member out (a POST with the antiforgery token, so another site cannot do it).</summary>
public sealed class LogoutModel(SignInManager<IdentityUser> signIn) : PageModel
{
    /// <summary>Ends the session and returns to the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
