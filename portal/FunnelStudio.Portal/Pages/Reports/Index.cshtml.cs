using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Reports;

/// <summary><c>/reports</c>: the reports the user may run — their own, those shared with their roles, the package's dashboards'.</summary>
public sealed class IndexModel(ReportCatalog catalog, ICurrentUser currentUser) : PageModel
{
    public IReadOnlyList<ReportEntry> Mine { get; private set; } = [];
    public IReadOnlyList<ReportEntry> Shared { get; private set; } = [];
    public IReadOnlyList<ReportEntry> Package { get; private set; } = [];
    public bool CanBuild { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        CanBuild = catalog.CanBuild(user);
        var all = await catalog.ListAsync(user, CultureInfo.CurrentUICulture.Name, cancellationToken);
        Mine = all.Where(r => !r.FromPackage && r.OwnerId == user.Id).ToList();
        Shared = all.Where(r => !r.FromPackage && r.OwnerId != user.Id).ToList();
        Package = all.Where(r => r.FromPackage).ToList();
    }
}
