using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerCore.Sample.Web.Pages;

/// <summary>Shown outside Development for an unexpected failure (a bug or the database being down): no details, a reference for the log.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    /// <summary>The request's trace id, which the log line of the failure carries too.</summary>
    public string? RequestId { get; private set; }

    /// <summary>The message.</summary>
    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    /// <summary>The same message for a failed form post.</summary>
    public void OnPost() => OnGet();
}
