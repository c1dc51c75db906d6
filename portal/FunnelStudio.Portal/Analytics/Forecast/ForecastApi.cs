using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Api;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Analytics.Forecast;

/// <summary>
/// <c>GET /api/v1/analytics/forecast</c> (forecast against won per month) and
/// <c>GET /api/v1/analytics/forecast/records</c> (the records behind one figure), over what the caller may read.
/// </summary>
public static class ForecastApi
{
    public static RouteGroupBuilder MapForecastApi(this RouteGroupBuilder api)
    {
        var forecast = api.MapGroup("/analytics/forecast").WithTags("Analytics");
        forecast.MapGet("", ForecastAsync).WithName("GetForecast")
            .WithSummary("Forecast (the weighted open pipeline at each month's start with that month's expected close) against won, per month: " +
                "object, from, to (yyyy-MM; at most ten years), owner, team (comma-separated user ids), byOwner=true")
            .Produces<ForecastReport>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        forecast.MapGet("/records", RecordsAsync).WithName("GetForecastRecords")
            .WithSummary("The records behind one figure: object, month (yyyy-MM), kind (forecast or won), owner, team, page, pageSize (1 to 200)")
            .Produces<ForecastDrillPage>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> ForecastAsync(HttpRequest request, ICurrentUser current, IPackageRuntime runtime, IForecastService service,
        IOptions<AnalyticsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (query, error) = ForecastRequest.Parse(request.Query, runtime.Current, Today(options, clock));
        if (query is null) return ApiProblems.BadRequest(error!);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        try
        {
            return TypedResults.Ok(await service.ForecastAsync(query, user, cancellationToken));
        }
        catch (ForecastQueryException e)
        {
            return Problem(e);
        }
    }

    private static async Task<IResult> RecordsAsync(HttpRequest request, ICurrentUser current, IPackageRuntime runtime, IForecastService service,
        CancellationToken cancellationToken)
    {
        var (query, error) = ForecastRequest.ParseDrill(request.Query, runtime.Current);
        if (query is null) return ApiProblems.BadRequest(error!);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        try
        {
            return TypedResults.Ok(await service.DrillAsync(query, user, cancellationToken));
        }
        catch (ForecastQueryException e)
        {
            return Problem(e);
        }
    }

    /// <summary>Today in the analytics zone: the default range ends with its month.</summary>
    public static DateOnly Today(IOptions<AnalyticsOptions> options, TimeProvider clock) =>
        new AnalyticsCalendar(options.Value.Zone).DayOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The HTTP status of each refusal: the caller's mistake (400), what cannot be computed (422), what they may not see (403).</summary>
    public static int Status(ForecastQueryException e) => e.Code switch
    {
        ForecastErrors.FieldForbidden => 403,
        ForecastErrors.NoPipeline => 422,
        _ => 400,
    };

    public static IResult Problem(ForecastQueryException e) => ApiProblems.Problem(Status(e), e.Code, e.Message);
}
