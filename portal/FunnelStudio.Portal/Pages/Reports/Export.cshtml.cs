using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Reports;

/// <summary><c>/reports/{id}/export.csv</c>: the report's table as CSV (labels guarded against formula injection, see <see cref="ReportCsv"/>).</summary>
public sealed class ExportModel(ReportCatalog catalog, ReportPageData data, ICurrentUser currentUser, UserTimeZone zone) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await catalog.FindAsync(id, user, CultureInfo.CurrentUICulture.Name, cancellationToken) is not { } entry) return NotFound();
        try
        {
            var (table, problems) = await data.RunAsync(entry.Definition, user, zone.Zone, CultureInfo.CurrentUICulture.Name, cancellationToken);
            if (table is null) return new UnprocessableEntityObjectResult(string.Join(" ", problems.Select(p => $"{p.Code} {p.Path}: {p.Message}")));
            var rows = table.Rows.Select(r => (IReadOnlyList<string>)r.Labels.Select(ReportCsv.Guard).Concat(r.Values.Select(ReportCsv.Number)).ToList());
            return File(ReportCsv.Write(table.Header.Select(ReportCsv.Guard).ToList(), rows), "text/csv; charset=utf-8", $"report-{entry.Id}.csv");
        }
        catch (ReportTimeoutException e)
        {
            return StatusCode(503, e.Message);
        }
    }
}
