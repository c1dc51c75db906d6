using FunnelStudio.Analytics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// The dashboard's numbers in one shape for both sides (the service's results and the hand-written SQL), so the
/// benchmark can check that they agree before it times them.
/// </summary>
internal sealed class Figures
{
    private readonly PeriodFigures[] _kpis = [new(), new()];

    public Dictionary<string, (long Records, double? Median, double? P75)> Times { get; } = [];
    public Dictionary<string, (long Count, decimal? Amount, decimal? Weighted, long Stalled)> Open { get; } = [];
    public Dictionary<string, (long Count, decimal? Amount)> Funnel { get; } = [];

    /// <summary>0: the period, 1: the previous period.</summary>
    public PeriodFigures Kpis(int period) => _kpis[period];

    public static Figures From(KpiResult kpis, FunnelResult funnel)
    {
        var figures = new Figures();
        var set = kpis.Sets.Single(s => s.Split is null);
        foreach (var (period, k) in new[] { (0, set.Current), (1, set.Previous) })
        {
            var f = figures.Kpis(period);
            (f.Created, f.Won, f.Lost, f.WonAmount, f.Average, f.CycleMedian, f.CycleMean) =
                (k.Created, k.Won, k.Lost, k.WonAmount, k.AverageDealSize, k.CycleMedianDays, k.CycleMeanDays);
        }
        foreach (var t in set.TimeInStage) figures.Times[t.Stage] = (t.Records, t.MedianDays, t.P75Days);
        foreach (var p in set.Pipeline) figures.Open[p.Stage] = (p.Count, p.Amount, p.Weighted, p.Stalled);
        var series = funnel.Series.Single(s => s.Split is null);
        foreach (var step in series.Steps.Concat(series.Lost)) figures.Funnel[step.Stage] = (step.Count, step.Amount);
        return figures;
    }

    /// <summary>Every number by name; a stage without a row reads as the service shows it (zero counts and amounts, no medians).</summary>
    public SortedDictionary<string, double?> Flatten(IReadOnlyList<ScopeStage> stages)
    {
        var all = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            var k = _kpis[i];
            var p = i == 0 ? "period" : "previous";
            all[$"{p}.created"] = k.Created;
            all[$"{p}.won"] = k.Won;
            all[$"{p}.lost"] = k.Lost;
            all[$"{p}.wonAmount"] = (double)(k.WonAmount ?? 0);
            all[$"{p}.averageDealSize"] = (double?)k.Average;
            all[$"{p}.cycleMedian"] = k.CycleMedian;
            all[$"{p}.cycleMean"] = k.CycleMean;
        }
        foreach (var stage in stages)
        {
            var s = stage.Name;
            var (count, amount) = Funnel.GetValueOrDefault(s);
            all[$"funnel.{s}.count"] = count;
            all[$"funnel.{s}.amount"] = (double)(amount ?? 0);
            if (stage.Terminal != StageTerminal.None) continue;
            var open = Open.GetValueOrDefault(s);
            all[$"open.{s}.count"] = open.Count;
            all[$"open.{s}.amount"] = (double)(open.Amount ?? 0);
            all[$"open.{s}.weighted"] = (double)(open.Weighted ?? 0);
            all[$"open.{s}.stalled"] = open.Stalled;
            var time = Times.GetValueOrDefault(s);
            all[$"time.{s}.records"] = time.Records;
            all[$"time.{s}.median"] = time.Median;
            all[$"time.{s}.p75"] = time.P75;
        }
        return all;
    }

    /// <summary>The names whose numbers differ (relative 1e-9, amounts to 4 decimals), with both values.</summary>
    public static IReadOnlyList<string> Differences(SortedDictionary<string, double?> a, SortedDictionary<string, double?> b) =>
        a.Keys.Union(b.Keys).Where(key =>
        {
            var x = a.GetValueOrDefault(key);
            var y = b.GetValueOrDefault(key);
            if (x is null || y is null) return x is not null || y is not null;
            return Math.Abs(x.Value - y.Value) > 1e-9 * Math.Max(1, Math.Abs(x.Value)) + 1e-4 * (key.Contains("mount") || key.Contains("eighted") || key.Contains("average") ? 1 : 0);
        }).Select(key => $"{key}: {a.GetValueOrDefault(key)} vs {b.GetValueOrDefault(key)}").ToList();
}

internal sealed class PeriodFigures
{
    public long Created { get; set; }
    public long Won { get; set; }
    public long Lost { get; set; }
    public decimal? WonAmount { get; set; }
    public decimal? Average { get; set; }
    public double? CycleMedian { get; set; }
    public double? CycleMean { get; set; }
}
