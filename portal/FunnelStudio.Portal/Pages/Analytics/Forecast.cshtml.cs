using System.Globalization;
using System.Text.Json;
using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Analytics.Forecast;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary>
/// <c>/analytics/forecast</c>: forecast against won per month (chart and table), with links to the
/// records behind each figure, a CSV of the table and the chart as PNG.
/// </summary>
public sealed class ForecastModel(IForecastService service, ICurrentUser currentUser, IPackageRuntime runtime,
    IOptions<AnalyticsOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> text)
    : ForecastPageModel(service, currentUser, runtime, options, clock)
{
    public ForecastReport? Report { get; private set; }
    public ForecastQuery? Query { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (query, error) = ForecastRequest.Parse(Request.Query, Runtime.Current, Today);
        if (query is null)
        {
            Refuse(error!, 400);
            return;
        }
        Query = query;
        try
        {
            Report = await Service.ForecastAsync(query, Acting, cancellationToken);
        }
        catch (ForecastQueryException e)
        {
            Refuse(e.Message, ForecastApi.Status(e));
        }
    }

    public string Filters => Query is null ? "" : ForecastRequest.Filters(Query.Object, Query.Owners, Request.Query["owner"].ToString() is { Length: > 0 } o ? o : null);

    public string DrillUrl(DateOnly month, ForecastFigure figure) =>
        $"/analytics/forecast/records?{Filters}&month={month:yyyy-MM}&kind={(figure == ForecastFigure.Won ? "won" : "forecast")}";

    public string CsvUrl => $"/analytics/forecast.csv?{Filters}&from={Query?.From:yyyy-MM}&to={Query?.To:yyyy-MM}";

    /// <summary>The chart's data, for the JSON block the script reads (no inline script: the CSP allows none).</summary>
    public string ChartJson => Report is null ? "null" : JsonSerializer.Serialize(new
    {
        months = Report.Months.Select(m => m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
        forecast = Report.Months.Select(m => m.Forecast),
        won = Report.Months.Select(m => m.Won),
        accuracy = Report.Months.Select(m => m.Accuracy is { } a ? Math.Round(a * 100, 1) : (decimal?)null),
        forecastLinks = Report.Months.Select(m => DrillUrl(m.Month, ForecastFigure.Forecast)),
        wonLinks = Report.Months.Select(m => DrillUrl(m.Month, ForecastFigure.Won)),
        labels = new { forecast = text["Forecast.Forecast"].Value, won = text["Forecast.Won"].Value, accuracy = text["Forecast.Accuracy"].Value },
    });
}
