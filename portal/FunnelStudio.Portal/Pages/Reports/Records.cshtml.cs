using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Reports;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Reports;

/// <summary>
/// <c>/reports/{id}/records?cell=…</c>: the records behind one cell of a report — the report's filters
/// plus the cell's group values, over what the user may read — so the total equals the number clicked.
/// </summary>
public sealed class RecordsModel(ReportCatalog catalog, IReportService reports, ICurrentUser currentUser, UserTimeZone zone) : PageModel
{
    public ReportEntry Entry { get; private set; } = null!;
    public RecordPage? Records { get; private set; }
    public IReadOnlyList<ReportProblem> Problems { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Cell { get; set; }
    [BindProperty(Name = "page", SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        Entry = entry;
        try
        {
            var found = await reports.RecordsAsync(entry.Definition, Cell ?? "", user, zone.Zone, PageNumber, 50, cancellationToken);
            (Records, Problems) = (found.Page, found.Problems);
        }
        catch (ReportTimeoutException e)
        {
            Problems = [new ReportProblem(e.Code, "$", e.Message)];
        }
        return Page();
    }
}
