using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Pages;

/// <summary>The language switch: stores the chosen UI culture in the culture cookie and goes back.</summary>
[AllowAnonymous]
public sealed class CultureModel(IOptions<RequestLocalizationOptions> localization) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var supported = localization.Value.SupportedUICultures?.Select(c => c.Name).ToList() ?? ["en", "zh-CN"];
        if (culture is not null && supported.Contains(culture, StringComparer.OrdinalIgnoreCase))
        {
            var name = supported.First(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(name)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
