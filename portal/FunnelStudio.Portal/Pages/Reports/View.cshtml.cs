using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Reports;

/// <summary>
/// <c>/reports/{id}</c>: runs the report in the user's time zone and shows its table (each row links to
/// its records) and its chart (ECharts, drawn by <c>wwwroot/js/reports.js</c> from a JSON block: the
/// CSP allows no inline script); CSV export; PNG of the chart; delete for its owner.
/// </summary>
public sealed class ViewModel(ReportCatalog catalog, ReportPageData data, ISavedReportStore store, ICurrentUser currentUser, UserTimeZone zone,
    TimeProvider clock) : PageModel
{
    public ReportEntry Entry { get; private set; } = null!;
    public ReportTable? Table { get; private set; }
    public IReadOnlyList<ReportProblem> Problems { get; private set; } = [];
    public string? Timeout { get; private set; }
    public bool CanChange { get; private set; }
    /// <summary>True when the user may build reports on the report's object, so may copy it to edit the copy.</summary>
    public bool CanCopy { get; private set; }
    /// <summary>The user's dashboards, to pin the report to one.</summary>
    public IReadOnlyList<SavedDashboard> Dashboards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        Entry = entry;
        CanChange = catalog.CanChange(entry, user);
        CanCopy = catalog.CanBuild(user, entry.Definition.Object);
        Dashboards = await store.DashboardsAsync(user.Id, cancellationToken);
        try
        {
            (Table, Problems) = await data.RunAsync(entry.Definition, user, zone.Zone, CultureInfo.CurrentUICulture.Name, cancellationToken);
        }
        catch (ReportTimeoutException e)
        {
            Timeout = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        if (!catalog.CanChange(entry, user)) return Forbid();
        await store.DeleteAsync(entry.SavedId!.Value, cancellationToken);
        return Redirect("/reports");
    }

    /// <summary>"Copy to my reports": a private copy the user owns (package and others' reports are read-only), opened in the builder.</summary>
    public async Task<IActionResult> OnPostCopyAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        if (!catalog.CanBuild(user, entry.Definition.Object)) return Forbid();
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new SavedReport(Guid.NewGuid(), user.Id, entry.Definition with { Name = entry.Title, Label = null, SharedWith = [] })
        {
            CreatedAt = now, UpdatedAt = now,
        };
        await store.SaveAsync(copy, cancellationToken);
        return Redirect($"/reports/{copy.Id}/edit");
    }

    /// <summary>Adds the report as a card at the end of one of the user's own dashboards.</summary>
    public async Task<IActionResult> OnPostPinAsync(string id, [FromForm] Guid dashboard, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        if (await store.FindDashboardAsync(dashboard, cancellationToken) is not { } target) return NotFound();
        if (target.OwnerId != user.Id) return Forbid();
        await store.SaveDashboardAsync(target with
        {
            Items = [.. target.Items, new DashboardItem(entry.Id)],
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken);
        return Redirect($"/dashboards/{target.Id}");
    }
}
