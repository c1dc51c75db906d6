using FunnelStudio.Analytics;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// Where a trend starts and how it is bucketed: from <c>since</c> (a day or an instant), else from the
/// baseline — go-live, the first published version — or the period's start when that is earlier, up
/// to the period's end; weekly up to half a year, monthly beyond, unless <c>interval</c> says.
/// </summary>
public static class AnalyticsTrendRange
{
    public static async Task<(DateTime From, TrendInterval Interval, AnalyticsProblem? Problem)> ResolveAsync(IQueryCollection parameters,
        AnalyticsQuery query, IAnalyticsService analytics, CancellationToken cancellationToken)
    {
        DateTime from;
        if (AnalyticsQueryParser.Text(parameters, "since") is { } sinceText)
        {
            if (AnalyticsPeriods.Parse(sinceText, query.Zone, isEnd: false) is not { } since || since >= query.To)
                return (default, default, new AnalyticsProblem(AnalyticsErrors.BadPeriod, "since must be a day or an instant before the period's end."));
            from = since;
        }
        else
        {
            var baseline = await analytics.BaselineAsync(cancellationToken);
            from = baseline is { } b && b < query.From ? b : query.From;
        }
        // Ten years at most, as every period.
        if (query.To > from.AddYears(AnalyticsQueryParser.MaxYears)) from = query.To.AddYears(-AnalyticsQueryParser.MaxYears);

        TrendInterval interval;
        if (AnalyticsQueryParser.Text(parameters, "interval") is { } text)
        {
            if (!AnalyticsQueryParser.TryEnum(text, out interval))
                return (default, default, new AnalyticsProblem(Api.ErrorCodes.BadRequest, "interval must be week or month."));
        }
        else interval = query.To - from <= TimeSpan.FromDays(183) ? TrendInterval.Week : TrendInterval.Month;
        return (from, interval, null);
    }
}
