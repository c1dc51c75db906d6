using System.Globalization;
using FunnelStudio.Portal.Admin;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Admin.Users;

/// <summary><c>/admin/users</c>: every user, searched by name or email, a page at a time.</summary>
public sealed class IndexModel(UserQueries queries, IPackageRuntime runtime) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    // From the query string only: Razor Pages' own "page" route value would win otherwise.
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public UserPage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<RoleChoice> Roles { get; private set; } = [];
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Roles = RoleChoices.Of(runtime, CultureInfo.CurrentUICulture.Name);
        Result = await queries.ListAsync(string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), PageNumber, PageSize, cancellationToken);
    }

    public string Link(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search)) query.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        if (page > 1) query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/admin/users" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }
}
