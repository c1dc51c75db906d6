using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/analytics</c>: the funnel, the KPIs, the trends, a version's before/after and the records
/// behind any figure, over what the caller may read. Common parameters: <c>object</c> (default: the
/// first with a pipeline the caller reads), <c>from</c>/<c>to</c> (a day yyyy-MM-dd in <c>tz</c>, <c>to</c>
/// inclusive, or an ISO 8601 instant, <c>to</c> exclusive; or <c>period</c> = month, 30d, 90d (default),
/// quarter, year), <c>tz</c> (IANA, default UTC), <c>owner</c> or <c>team</c> (user ids), <c>f.&lt;field&gt;=&lt;option&gt;</c>
/// (<c>__none</c>: empty), <c>split</c> (owner or a picklist field), <c>mode</c> (cohort, period).
/// </summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics").WithTags("Analytics");
        analytics.MapGet("/funnel", FunnelAsync).WithName("AnalyticsFunnel")
            .WithSummary("The funnel: records reaching (mode=cohort) or entering (mode=period) each stage, with stage-to-stage conversion")
            .Produces<FunnelDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        analytics.MapGet("/kpis", KpisAsync).WithName("AnalyticsKpis")
            .WithSummary("Win rate, sales cycle, deal size, created/won/lost (with the previous period), open and weighted pipeline, stalled records, time in stage")
            .Produces<KpisDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        analytics.MapGet("/trends", TrendsAsync).WithName("AnalyticsTrends")
            .WithSummary("The period KPIs per week or month (interval=week|month; from defaults to go-live), with the versions published in the range")
            .Produces<TrendsDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        analytics.MapGet("/versions/{id:long}/effect", EffectAsync).WithName("AnalyticsVersionEffect")
            .WithSummary("Conversion, win rate and time in stage for the N weeks (weeks=1..26, default 4) before and after a published version")
            .Produces<VersionEffectDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        analytics.MapGet("/records", RecordsAsync).WithName("AnalyticsRecords")
            .WithSummary("The records behind a figure (kind=created|won|lost|closed|funnel|leftstage|open|stalled, stage, mode), paged; total equals the figure")
            .Produces<DrillPageDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        return api;
    }

    private static Task<IResult> FunnelAsync(HttpContext http, [FromServices] IAnalyticsService service, CancellationToken ct) =>
        RunAsync(http, async (user, query, view) =>
            TypedResults.Ok(AnalyticsDtoMapper.Funnel(await service.FunnelAsync(user, query.ToRequest(), query.Mode, ct), view)), ct);

    private static Task<IResult> KpisAsync(HttpContext http, [FromServices] IAnalyticsService service, CancellationToken ct) =>
        RunAsync(http, async (user, query, view) =>
            TypedResults.Ok(AnalyticsDtoMapper.Kpis(await service.KpisAsync(user, query.ToRequest(), ct), view)), ct);

    private static Task<IResult> TrendsAsync(HttpContext http, [FromServices] IAnalyticsService service, CancellationToken ct) =>
        RunAsync(http, async (user, query, view) =>
        {
            var (from, interval, problem) = await AnalyticsTrendRange.ResolveAsync(http.Request.Query, query, service, ct);
            if (problem is not null) return Problem(problem);
            // Explicit dates are the trend's range; a preset (or none) reaches back to go-live.
            if (query.Preset == AnalyticsPeriods.Custom && AnalyticsQueryParser.Text(http.Request.Query, "since") is null) from = query.From;
            return TypedResults.Ok(AnalyticsDtoMapper.Trends(await service.TrendsAsync(user, query.ToRequest(from, query.To), interval, ct), view));
        }, ct);

    private static Task<IResult> EffectAsync(long id, HttpContext http, [FromServices] IAnalyticsService service, CancellationToken ct) =>
        RunAsync(http, async (user, query, view) =>
        {
            if (!AnalyticsQueryParser.TryInt(http.Request.Query, "weeks", 4, 1, 26, out var weeks))
                return ApiProblems.BadRequest("weeks must be a whole number from 1 to 26.");
            return TypedResults.Ok(AnalyticsDtoMapper.Effect(await service.VersionEffectAsync(user, query.ToRequest(), id, weeks, ct), view));
        }, ct);

    private static Task<IResult> RecordsAsync(HttpContext http, [FromServices] IAnalyticsService service, CancellationToken ct) =>
        RunAsync(http, async (user, query, view) =>
        {
            var (target, problem) = AnalyticsQueryParser.Target(http.Request.Query, query.Mode);
            if (problem is not null) return Problem(problem);
            if (!AnalyticsQueryParser.TryInt(http.Request.Query, "page", 1, 1, 1_000_000, out var page))
                return ApiProblems.BadRequest("page must be a whole number from 1.");
            if (!AnalyticsQueryParser.TryInt(http.Request.Query, "pageSize", 50, 1, 200, out var pageSize))
                return ApiProblems.BadRequest("pageSize must be a whole number from 1 to 200.");
            var result = await service.DrillAsync(user, query.ToRequest() with { SplitBy = null }, target!, page, pageSize, ct);
            return TypedResults.Ok(AnalyticsDtoMapper.Drill(result, target!, view));
        }, ct);

    /// <summary>Reads the caller, the query and the object, then runs <paramref name="body"/>; a refusal is a problem with its code.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, Func<ActingUser, AnalyticsQuery, AnalyticsView, Task<IResult>> body,
        CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var user = await ApiRequest.UserAsync(services.GetRequiredService<ICurrentUser>(), cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var (query, problem) = AnalyticsQueryParser.Parse(http.Request.Query, AnalyticsObjects.Default(runtime, user), TimeZoneInfo.Utc, now);
        if (problem is not null) return Problem(problem);
        var (compiled, access, objectProblem) = AnalyticsObjects.Resolve(runtime, user, query!.Object);
        if (objectProblem is not null) return Problem(objectProblem);
        var users = await services.GetRequiredService<IUserDirectory>().AllAsync(cancellationToken);
        var view = new AnalyticsView(query, compiled!, access!, users, "(none)", "All");
        try
        {
            return await body(user, query, view);
        }
        catch (AnalyticsException e)
        {
            return Problem(new AnalyticsProblem(e.Code, e.Message));
        }
    }

    /// <summary>The status of each code: bad input 400, a pipeline-less object 422, access 403, an unknown version 404, a timeout 503.</summary>
    public static IResult Problem(AnalyticsProblem problem) => ApiProblems.Problem(problem.Code switch
    {
        AnalyticsErrors.Forbidden or AnalyticsErrors.FieldForbidden => 403,
        AnalyticsErrors.NoPipeline => 422,
        AnalyticsErrors.UnknownVersion => 404,
        AnalyticsErrors.Timeout => 503,
        _ => 400,
    }, problem.Code, problem.Message);
}
