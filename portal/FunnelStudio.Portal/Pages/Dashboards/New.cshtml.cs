using FunnelStudio.Portal.Identity;
using FunnelStudio.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Dashboards;

/// <summary><c>/dashboards/new</c>: names an empty dashboard of the user's; reports are pinned to it from their pages.</summary>
public sealed class NewModel(ISavedReportStore store, ICurrentUser currentUser, TimeProvider clock) : PageModel
{
    public const int MaxName = 200;

    [BindProperty] public string? Name { get; set; }
    public bool Invalid { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName)
        {
            Invalid = true;
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var dashboard = new SavedDashboard(Guid.NewGuid(), user.Id, name, []) { CreatedAt = now, UpdatedAt = now };
        await store.SaveDashboardAsync(dashboard, cancellationToken);
        return Redirect($"/dashboards/{dashboard.Id}");
    }
}
