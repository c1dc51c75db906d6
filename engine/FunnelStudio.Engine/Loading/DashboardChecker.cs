using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Reports;

namespace FunnelStudio.Loading;

/// <summary>
/// Checks the meaning of the package's dashboards: every report through <see cref="ReportValidator"/>
/// (its REPORT_* problem becomes an FS19xx diagnostic at <c>$.reports[i]…</c>), report names unique
/// within a dashboard, and a layout that names only the dashboard's reports with widths 1–3.
/// </summary>
public static class DashboardChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        foreach (var dashboard in package.Dashboards)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < dashboard.Reports.Count; i++)
            {
                var report = dashboard.Reports[i].Definition;
                var path = $"$.reports[{i}]";
                if (!ElementReader.IsValidName(report.Name))
                    bag.Report(DiagnosticCodes.DashboardReportInvalid, dashboard.File, path + ".name", $"Report name '{report.Name}' must be a valid name (a–z, 0–9, _).");
                else if (!seen.Add(report.Name))
                    bag.Report(DiagnosticCodes.DashboardDuplicateReport, dashboard.File, path + ".name", $"Two reports of '{dashboard.Name}' are named '{report.Name}'.");
                foreach (var problem in ReportValidator.Validate(report, package))
                    bag.Report(CodeOf(problem.Code), dashboard.File, path + problem.Path[1..], $"Report '{report.Name}': {problem.Message} ({problem.Code})");
            }
            for (var i = 0; i < dashboard.Layout.Count; i++)
            {
                var item = dashboard.Layout[i];
                if (dashboard.Report(item.Report) is null)
                    bag.Report(DiagnosticCodes.DashboardLayout, dashboard.File, $"$.layout[{i}].report", $"The layout names '{item.Report}', which is not a report of '{dashboard.Name}'.");
                if (item.Width is < 1 or > 3)
                    bag.Report(DiagnosticCodes.DashboardLayout, dashboard.File, $"$.layout[{i}].width", $"A card is 1 to 3 columns wide, not {item.Width}.");
            }
        }
    }

    private static DiagnosticCode CodeOf(string reportCode) => reportCode switch
    {
        ReportCodes.UnknownObject => DiagnosticCodes.DashboardUnknownObject,
        ReportCodes.UnknownField => DiagnosticCodes.DashboardUnknownField,
        ReportCodes.MeasureType => DiagnosticCodes.DashboardMeasure,
        ReportCodes.TooManyGroups => DiagnosticCodes.DashboardTooManyGroups,
        _ => DiagnosticCodes.DashboardReportInvalid,
    };
}
