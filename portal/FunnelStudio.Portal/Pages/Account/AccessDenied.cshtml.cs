using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Account;

/// <summary>
/// Where a signed-in user lands on a page their roles do not reach. Answered with 403, so the
/// outcome is what it is to a browser, a crawler and a test alike, not a 200 that reads "denied".
/// </summary>
public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
