using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Dashboards;

/// <summary><c>/dashboards</c>: the user's dashboards and the package's (read-only).</summary>
public sealed class IndexModel(DashboardBoard board, ICurrentUser currentUser) : PageModel
{
    public IReadOnlyList<DashboardEntry> Mine { get; private set; } = [];
    public IReadOnlyList<DashboardEntry> Package { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        var all = await board.ListAsync(user, CultureInfo.CurrentUICulture.Name, cancellationToken);
        Mine = all.Where(d => !d.FromPackage).ToList();
        Package = all.Where(d => d.FromPackage).ToList();
    }
}
