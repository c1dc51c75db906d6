using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary>
/// <c>/analytics</c>: the funnel dashboard of one object over what the user may read — KPI cards
/// beside the previous period, the funnel (cohort or period), time in stage, the open pipeline and
/// the trends since go-live with the published versions marked; every figure links to its records.
/// </summary>
public sealed class IndexModel(IAnalyticsService analytics, IPackageRuntime runtime, ICurrentUser currentUser,
    IUserDirectory users, UserTimeZone zone, IStringLocalizer<SharedResource> text, TimeProvider time)
    : AnalyticsPageModel(analytics, runtime, currentUser, users, zone, text, time)
{
    public KpiResult? Kpis { get; private set; }
    public FunnelResult? Funnel { get; private set; }
    public TrendResult? Trends { get; private set; }
    public IReadOnlyList<AnalyticsTable> Tables { get; private set; } = [];
    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];
    public TrendInterval Interval { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Query is not { } query || View is not { } view) return;
        var (trendFrom, interval, problem) = await AnalyticsTrendRange.ResolveAsync(Request.Query, query, Analytics, cancellationToken);
        if (problem is not null) { Fail(problem.Code, problem.Message); return; }
        Interval = interval;
        Kpis = await RunAsync(() => Analytics.KpisAsync(Acting, query.ToRequest(), cancellationToken));
        Funnel = Kpis is null ? null : await RunAsync(() => Analytics.FunnelAsync(Acting, query.ToRequest(), query.Mode, cancellationToken));
        Trends = Funnel is null ? null : await RunAsync(() => Analytics.TrendsAsync(Acting, query.ToRequest(trendFrom, query.To), interval, cancellationToken));
        if (Kpis is null || Funnel is null || Trends is null) return;

        var tables = new AnalyticsTables(view, Text);
        Tables = [tables.Kpis(Kpis), tables.Funnel(Funnel), tables.Time(Kpis), tables.Pipeline(Kpis), tables.Trends(Trends)];
        var charts = new AnalyticsCharts(view, Text);
        Charts = [charts.Funnel(Funnel), charts.Time(Kpis), charts.Pipeline(Kpis), .. charts.Trends(Trends, VersionUrl)];
    }

    public AnalyticsTable Table(string id) => Tables.First(t => t.Id == id);

    /// <summary>The before/after page of a version, for this object and these filters.</summary>
    public string VersionUrl(VersionMarker version) =>
        $"/analytics/versions/{version.Id}" + AnalyticsQuery.QueryString(Query!.FilterParameters());

    /// <summary>The CSV export of a table with the page's own query.</summary>
    public string ExportUrl(string table) =>
        "/analytics/export.csv?table=" + table + (Request.QueryString.HasValue ? "&" + Request.QueryString.Value![1..] : "");
}
