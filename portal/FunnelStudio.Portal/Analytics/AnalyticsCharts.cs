using System.Text.Json;
using FunnelStudio.Analytics;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Analytics;

/// <summary>One value of a chart and the list it drills into (analytics.js navigates there on a click).</summary>
public sealed record ChartPoint(object? Value, string? Url, string? Name = null);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data, bool Dashed = false);

/// <summary>A config version published in a trend's range: a vertical mark linking to the version's before/after page.</summary>
public sealed record ChartMarker(long At, string Name, string Url);

/// <summary>
/// What analytics.js draws with ECharts: <c>funnel</c>, <c>bar</c> (categories on x) or <c>line</c> (a
/// time axis; values are [epoch ms, value]). Passed to the page as JSON in a script block.
/// </summary>
public sealed record ChartSpec(string Id, string Type, string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>Values are ratios shown as percentages.</summary>
    public bool Percent { get; init; }
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];
}

/// <summary>The dashboard's charts from the engine's results, each point carrying its drill-down link.</summary>
public sealed class AnalyticsCharts(AnalyticsView view, IStringLocalizer<SharedResource> text)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The specs as JSON for a <c>&lt;script type="application/json"&gt;</c> block: the default encoder
    /// escapes &lt; &gt; &amp; and quotes, so no label can close the block.
    /// </summary>
    public static string Serialize(IReadOnlyList<ChartSpec> charts) => JsonSerializer.Serialize(charts, Json);

    private string All => text["Analytics.All"];

    public ChartSpec Funnel(FunnelResult result)
    {
        var stages = result.Series.FirstOrDefault()?.Steps.Select(s => s.Stage).ToList() ?? [];
        var series = result.Series.Select(s => new ChartSeries(s.Split is null ? All : view.SliceLabel(s.Split),
            s.Steps.Select(step => new ChartPoint(step.Count, view.Drill(DrillKind.Funnel, result.Period, step.Stage, s.Split, result.Mode),
                view.StageLabel(step.Stage))).ToList())).ToList();
        return new ChartSpec("funnel", view.Query.Split is null ? "funnel" : "bar", text["Analytics.Funnel"],
            stages.Select(view.StageLabel).ToList(), series);
    }

    public ChartSpec Time(KpiResult result)
    {
        var stages = result.Sets.FirstOrDefault()?.TimeInStage.Select(t => t.Stage).ToList() ?? [];
        List<ChartSeries> series = view.Query.Split is null && result.Sets.Count == 1
            ? [Series(text["Analytics.MedianDays"], result.Sets[0], t => t.MedianDays), Series(text["Analytics.P75Days"], result.Sets[0], t => t.P75Days)]
            : result.Sets.Select(set => Series(view.SliceLabel(set.Split), set, t => t.MedianDays)).ToList();
        return new ChartSpec("time", "bar", text["Analytics.TimeInStage"], stages.Select(view.StageLabel).ToList(), series);

        ChartSeries Series(string name, KpiSet set, Func<StageTime, double?> value) => new(name, stages.Select(stage =>
            set.TimeInStage.FirstOrDefault(t => t.Stage == stage) is { } t
                ? new ChartPoint(value(t) is { } v ? Math.Round(v, 2) : null, view.Drill(DrillKind.LeftStage, result.Period, stage, set.Split))
                : new ChartPoint(null, null)).ToList());
    }

    public ChartSpec Pipeline(KpiResult result)
    {
        var stages = result.Sets.FirstOrDefault()?.Pipeline.Select(p => p.Stage).ToList() ?? [];
        List<ChartSeries> series = view.Query.Split is null && result.Sets.Count == 1
            ? [Series(text["Analytics.Open"], result.Sets[0], DrillKind.Open, p => p.Count),
               Series(text["Analytics.Stalled"], result.Sets[0], DrillKind.Stalled, p => p.Stalled)]
            : result.Sets.Select(set => Series(view.SliceLabel(set.Split), set, DrillKind.Open, p => p.Count)).ToList();
        return new ChartSpec("pipeline", "bar", text["Analytics.Pipeline"], stages.Select(view.StageLabel).ToList(), series);

        ChartSeries Series(string name, KpiSet set, DrillKind kind, Func<StagePipeline, long> value) => new(name, stages.Select(stage =>
            set.Pipeline.FirstOrDefault(p => p.Stage == stage) is { } p
                ? new ChartPoint(value(p), view.Drill(kind, result.Period, stage, set.Split))
                : new ChartPoint(0, null)).ToList());
    }

    /// <summary>One line chart per KPI over the buckets, the versions published in the range marked, the previous bucket dashed beside.</summary>
    public IReadOnlyList<ChartSpec> Trends(TrendResult result, Func<VersionMarker, string> versionUrl)
    {
        var markers = result.Versions.Select(v => new ChartMarker(Epoch(v.PublishedAt), v.Version, versionUrl(v))).ToList();
        var kpis = new List<(string Id, string Key, DrillKind Kind, Func<PeriodKpis, object?> Value, bool Percent)>
        {
            ("created", "Analytics.Kpi.Created", DrillKind.Created, k => k.Created, false),
            ("won", "Analytics.Kpi.Won", DrillKind.Won, k => k.Won, false),
            ("lost", "Analytics.Kpi.Lost", DrillKind.Lost, k => k.Lost, false),
            ("winrate", "Analytics.Kpi.WinRate", DrillKind.Closed, k => k.WinRate, true),
        };
        if (view.ShowsAmounts)
        {
            kpis.Add(("wonamount", "Analytics.Kpi.WonAmount", DrillKind.Won, k => k.WonAmount, false));
            kpis.Add(("averagedeal", "Analytics.Kpi.AverageDeal", DrillKind.Won, k => k.AverageDealSize, false));
        }
        kpis.Add(("cyclemedian", "Analytics.Kpi.CycleMedian", DrillKind.Won, k => k.CycleMedianDays is { } d ? Math.Round(d, 2) : null, false));

        return kpis.Select(kpi =>
        {
            var series = new List<ChartSeries>();
            foreach (var s in result.Series)
            {
                var name = s.Split is null ? text[kpi.Key].Value : view.SliceLabel(s.Split);
                series.Add(new ChartSeries(name, s.Points.Select(p => new ChartPoint(
                    new[] { Epoch(p.Period.Start), kpi.Value(p.Kpis) }, view.Drill(kpi.Kind, p.Period, slice: s.Split))).ToList()));
                if (s.Split is null)
                    // The previous bucket's value beside each bucket: the "previous period" of every point.
                    series.Add(new ChartSeries(text["Analytics.Previous"], s.Points.Skip(1).Select((p, i) => new ChartPoint(
                        new[] { Epoch(p.Period.Start), kpi.Value(s.Points[i].Kpis) }, view.Drill(kpi.Kind, s.Points[i].Period))).ToList(), Dashed: true));
            }
            return new ChartSpec("trend-" + kpi.Id, "line", text[kpi.Key], [], series) { Percent = kpi.Percent, Markers = markers };
        }).ToList();
    }

    private static long Epoch(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
