using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Analytics.Forecast;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary>
/// <c>/analytics/forecast/records</c>: the records behind one figure of the forecast page (kind=forecast:
/// open at the month's start with a close in it; kind=won: won in it), with the page's filters; the
/// count shown is the figure's.
/// </summary>
public sealed class ForecastRecordsModel(IForecastService service, ICurrentUser currentUser, IPackageRuntime runtime,
    IOptions<AnalyticsOptions> options, TimeProvider clock) : ForecastPageModel(service, currentUser, runtime, options, clock)
{
    public ForecastDrillQuery? Query { get; private set; }
    public ForecastDrillPage? Records { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (query, error) = ForecastRequest.ParseDrill(Request.Query, Runtime.Current);
        if (query is null)
        {
            Refuse(error!, 400);
            return;
        }
        Query = query;
        try
        {
            Records = await Service.DrillAsync(query, Acting, cancellationToken);
        }
        catch (ForecastQueryException e)
        {
            Refuse(e.Message, ForecastApi.Status(e));
        }
    }

    public int Pages => Records is null ? 1 : Math.Max(1, (Records.Total + Records.PageSize - 1) / Records.PageSize);

    public string PageUrl(int page) => QueryString.Create(Request.Query.Where(q => q.Key != "page")
        .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
        .Append(new KeyValuePair<string, string?>("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToUriComponent();

    public string BackUrl => Query is null ? "/analytics/forecast"
        : $"/analytics/forecast?{ForecastRequest.Filters(Query.Object, Query.Owners, Request.Query["owner"].ToString() is { Length: > 0 } o ? o : null)}";
}
