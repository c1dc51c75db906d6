using FunnelStudio.Analytics;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// The dashboard's tables from the engine's results: one row per figure (and per slice when split),
/// every count linked to the list it came from. The page and the CSV export show the same rows.
/// </summary>
public sealed class AnalyticsTables(AnalyticsView view, IStringLocalizer<SharedResource> text)
{
    public static readonly IReadOnlyList<string> Names = ["kpis", "funnel", "time", "pipeline", "trends"];

    private bool Split => view.Query.Split is not null;

    private List<string> Headers(params string[] keys) =>
        [.. Split ? [text["Analytics.Slice"].Value] : Array.Empty<string>(), .. keys.Select(k => text[k].Value)];

    private List<AnalyticsCell> Row(string? slice, params AnalyticsCell[] cells) =>
        [.. Split ? [AnalyticsCell.Label(view.SliceLabel(slice))] : Array.Empty<AnalyticsCell>(), .. cells];

    /// <summary>Every KPI of each slice, the previous period beside it and the change.</summary>
    public AnalyticsTable Kpis(KpiResult result)
    {
        var rows = new List<IReadOnlyList<AnalyticsCell>>();
        foreach (var set in result.Sets)
        {
            var (now, before) = (set.Current, set.Previous);
            string? Link(DrillKind kind, bool previous) => view.Drill(kind, previous ? result.Previous : result.Period, slice: set.Split);
            void Count(string key, string fig, DrillKind kind, long current, long previous) => rows.Add(Row(set.Split,
                AnalyticsCell.Label(text[key]), AnalyticsCell.Of(current, Link(kind, false), "kpi." + fig),
                AnalyticsCell.Of(previous, Link(kind, true), "kpi." + fig + ".prev"), Change(current, previous)));
            void Value(string key, string fig, DrillKind kind, double? current, double? previous, Func<double?, string> format, bool rate = false) =>
                rows.Add(Row(set.Split, AnalyticsCell.Label(text[key]),
                    AnalyticsCell.Of(current, format(current), current is null ? null : Link(kind, false), "kpi." + fig),
                    AnalyticsCell.Of(previous, format(previous), previous is null ? null : Link(kind, true), "kpi." + fig + ".prev"),
                    Change(current, previous, rate)));
            void Now(string key, string fig, DrillKind kind, decimal? amount, long? count = null) => rows.Add(Row(set.Split,
                AnalyticsCell.Label(text[key]),
                count is { } c ? AnalyticsCell.Of(c, Link(kind, false), "kpi." + fig) : AnalyticsCell.Of(amount, Link(kind, false), "kpi." + fig),
                new AnalyticsCell("—", Csv: ""), AnalyticsCell.Label("")));

            Value("Analytics.Kpi.WinRate", "winrate", DrillKind.Closed, now.WinRate, before.WinRate, AnalyticsView.Rate, rate: true);
            Value("Analytics.Kpi.CycleMedian", "cyclemedian", DrillKind.Won, now.CycleMedianDays, before.CycleMedianDays, AnalyticsView.Days);
            Value("Analytics.Kpi.CycleMean", "cyclemean", DrillKind.Won, now.CycleMeanDays, before.CycleMeanDays, AnalyticsView.Days);
            if (view.ShowsAmounts)
            {
                Value("Analytics.Kpi.AverageDeal", "averagedeal", DrillKind.Won, (double?)now.AverageDealSize, (double?)before.AverageDealSize, Money);
                Value("Analytics.Kpi.WonAmount", "wonamount", DrillKind.Won, (double?)now.WonAmount, (double?)before.WonAmount, Money);
                Now("Analytics.Kpi.Pipeline", "pipeline", DrillKind.Open, set.PipelineAmount);
                Now("Analytics.Kpi.Weighted", "weighted", DrillKind.Open, set.WeightedPipeline);
            }
            Now("Analytics.Kpi.Open", "open", DrillKind.Open, null, set.OpenCount);
            Now("Analytics.Kpi.Stalled", "stalled", DrillKind.Stalled, null, set.Stalled);
            Count("Analytics.Kpi.Created", "created", DrillKind.Created, now.Created, before.Created);
            Count("Analytics.Kpi.Won", "won", DrillKind.Won, now.Won, before.Won);
            Count("Analytics.Kpi.Lost", "lost", DrillKind.Lost, now.Lost, before.Lost);
            Count("Analytics.Kpi.Closed", "closed", DrillKind.Closed, now.Closed, before.Closed);
        }
        return new AnalyticsTable("kpis", Headers("Analytics.Kpi", "Analytics.Current", "Analytics.Previous", "Analytics.Change"), rows);
    }

    /// <summary>The funnel's steps (open and won stages, then the lost ones) with the conversion from the step before.</summary>
    public AnalyticsTable Funnel(FunnelResult result)
    {
        var rows = new List<IReadOnlyList<AnalyticsCell>>();
        foreach (var series in result.Series)
        {
            foreach (var (step, lost) in series.Steps.Select(s => (s, false)).Concat(series.Lost.Select(s => (s, true))))
            {
                // The amount is summed over the step's records, so it opens the same list as the count.
                var records = view.Drill(DrillKind.Funnel, result.Period, step.Stage, series.Split, result.Mode);
                var cells = new List<AnalyticsCell>
                {
                    AnalyticsCell.Label(lost ? text["Analytics.LostStage", view.StageLabel(step.Stage)] : view.StageLabel(step.Stage)),
                    AnalyticsCell.Of(step.Count, records, "funnel." + step.Stage),
                    AnalyticsCell.Of(step.ConversionFromPrevious, AnalyticsView.Rate(step.ConversionFromPrevious)),
                };
                if (view.ShowsAmounts) cells.Add(AnalyticsCell.Of(step.Amount, records));
                rows.Add(Row(series.Split, [.. cells]));
            }
        }
        string[] headers = view.ShowsAmounts
            ? ["Analytics.Stage", "Analytics.Records", "Analytics.Conversion", "Analytics.Amount"]
            : ["Analytics.Stage", "Analytics.Records", "Analytics.Conversion"];
        return new AnalyticsTable("funnel", Headers(headers), rows);
    }

    /// <summary>
    /// Time in stage: how many records left each stage in the period, and the median and 75th
    /// percentile of their days in it — both percentiles open the list of those records, as the count does.
    /// </summary>
    public AnalyticsTable Time(KpiResult result) => new("time",
        Headers("Analytics.Stage", "Analytics.LeftRecords", "Analytics.MedianDays", "Analytics.P75Days"),
        result.Sets.SelectMany(set => set.TimeInStage.Select(t =>
        {
            var left = view.Drill(DrillKind.LeftStage, result.Period, t.Stage, set.Split);
            return (IReadOnlyList<AnalyticsCell>)Row(set.Split,
                AnalyticsCell.Label(view.StageLabel(t.Stage)),
                AnalyticsCell.Of(t.Records, left, "time." + t.Stage),
                AnalyticsCell.Of(t.MedianDays, AnalyticsView.Days(t.MedianDays), t.MedianDays is null ? null : left),
                AnalyticsCell.Of(t.P75Days, AnalyticsView.Days(t.P75Days), t.P75Days is null ? null : left));
        })).ToList());

    /// <summary>The open pipeline now, per stage: records, amount, weighted amount and the stalled ones.</summary>
    public AnalyticsTable Pipeline(KpiResult result)
    {
        var rows = new List<IReadOnlyList<AnalyticsCell>>();
        foreach (var set in result.Sets)
            foreach (var s in set.Pipeline)
            {
                var open = view.Drill(DrillKind.Open, result.Period, s.Stage, set.Split);
                var cells = new List<AnalyticsCell> { AnalyticsCell.Label(view.StageLabel(s.Stage)), AnalyticsCell.Of(s.Count, open, "open." + s.Stage) };
                if (view.ShowsAmounts) cells.AddRange([AnalyticsCell.Of(s.Amount, open), AnalyticsCell.Of(s.Weighted, open)]);
                cells.Add(AnalyticsCell.Of(s.Stalled, view.Drill(DrillKind.Stalled, result.Period, s.Stage, set.Split), "stalled." + s.Stage));
                cells.Add(AnalyticsCell.Of(s.StalledAfterDays));
                rows.Add(Row(set.Split, [.. cells]));
            }
        string[] headers = view.ShowsAmounts
            ? ["Analytics.Stage", "Analytics.Open", "Analytics.Amount", "Analytics.Weighted", "Analytics.Stalled", "Analytics.StalledAfter"]
            : ["Analytics.Stage", "Analytics.Open", "Analytics.Stalled", "Analytics.StalledAfter"];
        return new AnalyticsTable("pipeline", Headers(headers), rows);
    }

    /// <summary>The period KPIs per week or month.</summary>
    public AnalyticsTable Trends(TrendResult result)
    {
        var rows = new List<IReadOnlyList<AnalyticsCell>>();
        foreach (var series in result.Series)
            foreach (var point in series.Points)
            {
                var k = point.Kpis;
                var day = AnalyticsPeriods.LocalDay(point.Period.Start, view.Query.Zone);
                string? Link(DrillKind kind) => view.Drill(kind, point.Period, slice: series.Split);
                var cells = new List<AnalyticsCell>
                {
                    new(day, Csv: day),
                    AnalyticsCell.Of(k.Created, Link(DrillKind.Created), $"trend.created.{day}"),
                    AnalyticsCell.Of(k.Won, Link(DrillKind.Won), $"trend.won.{day}"),
                    AnalyticsCell.Of(k.Lost, Link(DrillKind.Lost), $"trend.lost.{day}"),
                    AnalyticsCell.Of(k.WinRate, AnalyticsView.Rate(k.WinRate), k.WinRate is null ? null : Link(DrillKind.Closed)),
                };
                if (view.ShowsAmounts)
                    cells.AddRange([AnalyticsCell.Of(k.WonAmount, Link(DrillKind.Won)), AnalyticsCell.Of(k.AverageDealSize, Link(DrillKind.Won))]);
                // The sales cycle is measured over the won records.
                cells.Add(AnalyticsCell.Of(k.CycleMedianDays, AnalyticsView.Days(k.CycleMedianDays), k.CycleMedianDays is null ? null : Link(DrillKind.Won)));
                cells.Add(AnalyticsCell.Of(k.CycleMeanDays, AnalyticsView.Days(k.CycleMeanDays), k.CycleMeanDays is null ? null : Link(DrillKind.Won)));
                rows.Add(Row(series.Split, [.. cells]));
            }
        string[] headers = view.ShowsAmounts
            ? ["Analytics.Bucket", "Analytics.Kpi.Created", "Analytics.Kpi.Won", "Analytics.Kpi.Lost", "Analytics.Kpi.WinRate",
                "Analytics.Kpi.WonAmount", "Analytics.Kpi.AverageDeal", "Analytics.Kpi.CycleMedian", "Analytics.Kpi.CycleMean"]
            : ["Analytics.Bucket", "Analytics.Kpi.Created", "Analytics.Kpi.Won", "Analytics.Kpi.Lost", "Analytics.Kpi.WinRate",
                "Analytics.Kpi.CycleMedian", "Analytics.Kpi.CycleMean"];
        return new AnalyticsTable("trends", Headers(headers), rows);
    }

    private static string Money(double? value) => AnalyticsView.Amount((decimal?)value);

    private static AnalyticsCell Change(double? current, double? previous, bool rate = false)
    {
        var delta = current is { } c && previous is { } p ? c - p : (double?)null;
        return AnalyticsCell.Of(delta, AnalyticsView.Delta(current, previous, rate));
    }
}
