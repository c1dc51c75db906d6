using System.Globalization;
using System.Text;
using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Analytics.Forecast;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary><c>/analytics/forecast.csv</c>: the forecast page's table as CSV (the same filters; per owner too with byOwner=true).</summary>
public sealed class ForecastCsvModel(IForecastService service, ICurrentUser currentUser, IPackageRuntime runtime,
    IOptions<AnalyticsOptions> options, TimeProvider clock) : ForecastPageModel(service, currentUser, runtime, options, clock)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (query, error) = ForecastRequest.Parse(Request.Query, Runtime.Current, Today);
        if (query is null) return BadRequest(error!);
        try
        {
            var report = await Service.ForecastAsync(query, Acting, cancellationToken);
            return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(report))).ToArray(), "text/csv; charset=utf-8",
                $"forecast-{report.Object}-{report.From:yyyy-MM}-{report.To:yyyy-MM}.csv");
        }
        catch (ForecastQueryException e)
        {
            return StatusCode(ForecastApi.Status(e), e.Message);
        }
    }

    public static string Csv(ForecastReport report)
    {
        var csv = new StringBuilder("month,owner,forecast_weighted,forecast_amount,forecast_count,won,won_count,error,accuracy\r\n");
        foreach (var m in report.Months.Concat(report.ByOwner))
            csv.Append(string.Join(',', m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), Cell(m.OwnerId), Number(m.Forecast), Number(m.ForecastAmount),
                Number(m.ForecastCount), Number(m.Won), Number(m.WonCount), Number(m.Error), Number(m.Accuracy))).Append("\r\n");
        return csv.ToString();
    }

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quoted, and never read as a formula by a spreadsheet.</summary>
    private static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if ("=+-@\t\r".Contains(text[0])) text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
