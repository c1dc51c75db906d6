using FunnelStudio.Reports;
using FunnelStudio.Saving;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Reports;

/// <summary>A run as the report page, its chart and its CSV show it: column titles, labelled rows, the cell of each row.</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<ReportTableRow> Rows, int Groups, string Display);

public sealed record ReportTableRow(IReadOnlyList<string> Labels, IReadOnlyList<decimal?> Values, string Cell);

/// <summary>Runs a report for a page and labels it in the UI locale.</summary>
public sealed class ReportPageData(IReportService reports, ReportLabels labels, IStringLocalizer<SharedResource> text)
{
    public async Task<(ReportTable? Table, IReadOnlyList<ReportProblem> Problems)> RunAsync(ReportDefinition report, ActingUser user, TimeZoneInfo zone,
        string locale, CancellationToken cancellationToken)
    {
        var run = await reports.RunAsync(report, user, zone, cancellationToken);
        if (!run.IsValid) return (null, run.Problems);
        var result = run.Result!;
        var rowLabels = await labels.RowsAsync(result, locale, text["Reports.None"], text["Reports.Yes"], text["Reports.No"], cancellationToken);
        var header = result.Groups.Select(g => labels.ColumnLabel(report, g.Key, locale, System))
            .Concat(report.Measures.Select(m => m.Field is null
                ? text["Reports.Measure.count"].Value
                : $"{text["Reports.Measure." + m.Aggregate]} {labels.ColumnLabel(report, m.Field, locale, System)}"))
            .ToList();
        var rows = result.Rows.Select((r, i) => new ReportTableRow(rowLabels[i], r.Values, r.Cell)).ToList();
        return (new ReportTable(header, rows, result.Groups.Count, report.Display), []);
    }

    private string System(string name) => text["Reports.Column." + name];
}

/// <summary>
/// What <c>Pages/Reports/_ReportResult.cshtml</c> draws: a run's chart and table. <paramref name="Suffix"/>
/// keeps element ids unique when a page shows several (dashboard cards); <paramref name="ReportId"/>
/// links each count to its records (null for an unsaved preview); <paramref name="Compact"/> draws a shorter chart (a dashboard card).
/// </summary>
public sealed record ReportResultView(ReportTable Table, string Title, string? ReportId, string Suffix = "", bool Compact = false)
{
    /// <summary>The chart's data for reports.js: display, header, labels and values.</summary>
    public string ChartJson() => System.Text.Json.JsonSerializer.Serialize(new
    {
        display = Table.Display,
        groups = Table.Groups,
        header = Table.Header,
        rows = Table.Rows.Select(r => new { labels = r.Labels, values = r.Values }),
    });
}
