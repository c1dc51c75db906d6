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
public sealed class ViewModel(ReportCatalog catalog, ReportPageData data, ISavedReportStore store, ICurrentUser currentUser, UserTimeZone zone) : PageModel
{
    public ReportEntry Entry { get; private set; } = null!;
    public ReportTable? Table { get; private set; }
    public IReadOnlyList<ReportProblem> Problems { get; private set; } = [];
    public string? Timeout { get; private set; }
    public bool CanChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        Entry = entry;
        CanChange = catalog.CanChange(entry, user);
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

    /// <summary>The chart's data for reports.js: display, header, labels and values.</summary>
    public string ChartJson() => System.Text.Json.JsonSerializer.Serialize(new
    {
        display = Table!.Display,
        groups = Table.Groups,
        header = Table.Header,
        rows = Table.Rows.Select(r => new { labels = r.Labels, values = r.Values }),
    });
}
