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
/// <c>/analytics/records</c>: the records behind one figure of the dashboard (same filters, the
/// figure's record set and period), newest first, paged; its total is the number that was clicked.
/// </summary>
public sealed class RecordsModel(IAnalyticsService analytics, IPackageRuntime runtime, ICurrentUser currentUser,
    IUserDirectory users, UserTimeZone zone, IStringLocalizer<SharedResource> text, TimeProvider time)
    : AnalyticsPageModel(analytics, runtime, currentUser, users, zone, text, time)
{
    public const int PageSize = 50;

    // From the query string only: Razor Pages also has a route value named "page".
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public DrillTarget? Target { get; private set; }
    public DrillPage? Result { get; private set; }
    public int PageCount => Result is null ? 1 : (int)Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    /// <summary>A drill link has no default period: it always carries the figure's own.</summary>
    protected override string? DefaultPeriod => null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Query is not { } query) return;
        var (target, problem) = AnalyticsQueryParser.Target(Request.Query, query.Mode);
        if (problem is not null) { Fail(problem.Code, problem.Message); return; }
        Target = target;
        // A drill is one slice: the split, if any, is already a filter.
        var request = query.ToRequest() with { SplitBy = null };
        Result = await RunAsync(() => Analytics.DrillAsync(Acting, request, target!, Math.Max(1, PageNumber), PageSize, cancellationToken));
    }

    /// <summary>What the list is, in words: "Won — 2026-09-01 to 2026-11-30".</summary>
    public string Heading
    {
        get
        {
            if (Target is null || View is null) return Text["Analytics.Records"];
            var kind = Text["Analytics.Drill." + Target.Kind];
            var stage = Target.Stage is { } s ? " · " + View.StageLabel(s) : "";
            var mode = Target.Kind == DrillKind.Funnel ? " · " + Text["Analytics.Mode." + Target.Mode] : "";
            return kind + stage + mode;
        }
    }

    /// <summary>This list's URL on another page.</summary>
    public string PageLink(int page)
    {
        var parameters = Request.Query.Where(p => p.Key != "page")
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString())).ToList();
        if (page > 1) parameters.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/analytics/records" + AnalyticsQuery.QueryString(parameters);
    }

    /// <summary>Back to the dashboard with the same filters.</summary>
    public string DashboardLink => "/analytics" + (Query is null ? "" : AnalyticsQuery.QueryString(Query.FilterParameters()));
}
