using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary>
/// <c>/analytics/export.csv?table=kpis|funnel|time|pipeline|trends&amp;…</c>: a dashboard table as CSV,
/// with the dashboard's query, the same rows the page shows (labels guarded against formula injection).
/// A refused query answers 400 with the message as text.
/// </summary>
public sealed class ExportModel(IAnalyticsService analytics, IPackageRuntime runtime, ICurrentUser currentUser,
    IUserDirectory users, UserTimeZone zone, IStringLocalizer<SharedResource> text, TimeProvider time)
    : AnalyticsPageModel(analytics, runtime, currentUser, users, zone, text, time)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var table = AnalyticsQueryParser.Text(Request.Query, "table");
        if (table is null || !AnalyticsTables.Names.Contains(table))
            return Refused(FunnelStudio.Portal.Api.ErrorCodes.BadRequest, $"table must be one of {string.Join(", ", AnalyticsTables.Names)}.");
        if (Query is not { } query || View is not { } view) return Refused(ErrorCode!, Error!);

        var tables = new AnalyticsTables(view, Text);
        AnalyticsTable? result = null;
        switch (table)
        {
            case "funnel":
                if (await RunAsync(() => Analytics.FunnelAsync(Acting, query.ToRequest(), query.Mode, cancellationToken)) is { } funnel)
                    result = tables.Funnel(funnel);
                break;
            case "trends":
                var (from, interval, problem) = await AnalyticsTrendRange.ResolveAsync(Request.Query, query, Analytics, cancellationToken);
                if (problem is not null) return Refused(problem.Code, problem.Message);
                if (await RunAsync(() => Analytics.TrendsAsync(Acting, query.ToRequest(from, query.To), interval, cancellationToken)) is { } trends)
                    result = tables.Trends(trends);
                break;
            default:
                if (await RunAsync(() => Analytics.KpisAsync(Acting, query.ToRequest(), cancellationToken)) is { } kpis)
                    result = table switch { "time" => tables.Time(kpis), "pipeline" => tables.Pipeline(kpis), _ => tables.Kpis(kpis) };
                break;
        }
        if (result is null) return Refused(ErrorCode!, Error!);
        var day = AnalyticsPeriods.LocalDay(query.From, query.Zone);
        return File(result.ToCsv(), "text/csv; charset=utf-8", $"{query.Object}-{table}-{day}.csv");
    }

    private ContentResult Refused(string code, string message) =>
        new() { StatusCode = code == AnalyticsErrors.Forbidden || code == AnalyticsErrors.FieldForbidden ? 403 : 400, Content = code + ": " + message, ContentType = "text/plain; charset=utf-8" };
}
