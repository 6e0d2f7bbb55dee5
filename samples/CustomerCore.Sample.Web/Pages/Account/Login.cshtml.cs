using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerCore.Sample.Web.Pages.Account;

/// <summary>Staff sign-in with ASP.NET Core Identity; a few wrong passwords lock the account for a while.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<IdentityUser> signIn) : PageModel
{
    /// <summary>Where to go after signing in; only local addresses are followed.</summary>
    public string? ReturnUrl { get; private set; }

    /// <summary>Whether the last attempt failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>The empty form.</summary>
    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    /// <summary>Checks the password and signs in with a session cookie.</summary>
    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!string.IsNullOrEmpty(userName) && !string.IsNullOrEmpty(password))
        {
            var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
            }
        }

        Failed = true;
        return Page();
    }
}
