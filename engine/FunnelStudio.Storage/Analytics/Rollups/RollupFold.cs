using FunnelStudio.Analytics;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// The figures of <see cref="IAnalyticsStore"/> computed from fact groups, as the SQL of <see cref="EfAnalyticsStore"/>
/// defines them: the same rows, slices and percentiles (linear interpolation, as <c>percentile_cont</c>).
/// </summary>
internal static class RollupFold
{
    /// <summary>Created, won, lost, won amounts and cycle per period and slice (rows only where something was created or closed).</summary>
    public static List<PeriodKpiRow> PeriodKpis(IEnumerable<FactGroup> groups, IReadOnlyList<Period> periods, bool splitByOwner,
        IReadOnlySet<string> wonStages)
    {
        var sums = new Dictionary<(int, string), KpiSums>();
        KpiSums At(int i, string k) => sums.TryGetValue((i, k), out var s) ? s : sums[(i, k)] = new KpiSums();
        foreach (var g in groups)
            for (var i = 0; i < periods.Count; i++)
            {
                var p = periods[i];
                if (g.When < p.Start || g.When >= p.End) continue;
                var k = splitByOwner ? g.Owner : "";
                if (g.Kind == FactKind.Created) At(i, k).Created += g.Count;
                if (g.Kind != FactKind.Closing) continue;
                var s = At(i, k);
                var won = wonStages.Contains(g.Stage);
                if (!won) s.Lost += g.Count;
                else
                {
                    s.Won += g.Count;
                    if (g.AmountSum is { } amount) (s.AmountSum, s.AmountCount) = ((s.AmountSum ?? 0) + amount, s.AmountCount + g.AmountCount);
                    s.ValueSum += g.ValueSum;
                    g.AddValuesTo(s.Values);
                }
                // A closing superseded by a later terminal move is the record's closing only of periods ending before that move.
                foreach (var f in g.AllBounded())
                {
                    if (f.Bound < p.End) continue;
                    if (!won) { s.Lost++; continue; }
                    s.Won++;
                    if (f.Amount is { } a) (s.AmountSum, s.AmountCount) = ((s.AmountSum ?? 0) + a, s.AmountCount + 1);
                    if (f.Value is { } v) { s.ValueSum += v; s.Values.Add(v); }
                }
            }
        return sums.Select(e =>
        {
            var (i, k) = e.Key;
            var s = e.Value;
            return new PeriodKpiRow(i, splitByOwner ? k : null, s.Created, s.Won, s.Lost, s.AmountSum is { } sum ? Math.Round(sum, 4) : null,
                s.AmountCount == 0 ? null : Math.Round(s.AmountSum!.Value / s.AmountCount, 4, MidpointRounding.AwayFromZero),
                Percentile(Sorted(s.Values), 1, 2), s.Won == 0 ? null : s.ValueSum / s.Won);
        }).Where(r => r.Created > 0 || r.Won + r.Lost > 0).ToList();
    }

    /// <summary>Per slice and stage: the records that entered it in the period (each once) and their current amounts.</summary>
    public static List<StageCountRow> Entered(IEnumerable<FactGroup> groups, Period p, bool splitByOwner)
    {
        var sums = new Dictionary<(string, string), (long Count, decimal? Amount)>();
        foreach (var g in groups)
        {
            if (g.Kind != FactKind.Entered || g.When < p.Start || g.When >= p.End) continue;
            var key = (splitByOwner ? g.Owner : "", g.Stage);
            var (count, amount) = sums.GetValueOrDefault(key);
            count += g.Count;
            if (g.AmountCount > 0) amount = (amount ?? 0) + g.AmountSum;
            // A re-entry counts when the record's previous entry into the stage was before the period.
            foreach (var f in g.AllBounded())
            {
                if (f.Bound >= p.Start) continue;
                count++;
                if (f.Amount is { } a) amount = (amount ?? 0) + a;
            }
            sums[key] = (count, amount);
        }
        return sums.Select(e => new StageCountRow(splitByOwner ? e.Key.Item1 : null, e.Key.Item2, e.Value.Count,
            e.Value.Amount is { } a ? Math.Round(a, 4) : null)).ToList();
    }

    /// <summary>Per slice and stage left in the period: the distinct records that left it, and the median and p75 of the days in it.</summary>
    public static List<StageTimeRow> TimeInStage(IEnumerable<FactGroup> groups, Period p, bool splitByOwner)
    {
        var sums = new Dictionary<(string, string), (long Records, List<double> Values)>();
        foreach (var g in groups)
        {
            if (g.Kind != FactKind.Left || g.When < p.Start || g.When >= p.End) continue;
            var key = (splitByOwner ? g.Owner : "", g.Stage);
            var (records, values) = sums.TryGetValue(key, out var s) ? s : (0, []);
            records += g.Count;
            g.AddValuesTo(values);
            // Every move out feeds the percentiles; a record is counted once, at its first move out in the period.
            foreach (var f in g.AllBounded())
            {
                if (f.Value is { } v) values.Add(v);
                if (f.Bound < p.Start) records++;
            }
            sums[key] = (records, values);
        }
        return sums.Select(e =>
        {
            var values = Sorted(e.Value.Values);
            return new StageTimeRow(splitByOwner ? e.Key.Item1 : null, e.Key.Item2, e.Value.Records, Percentile(values, 1, 2), Percentile(values, 3, 4));
        }).ToList();
    }

    private static List<double> Sorted(List<double> values)
    {
        values.Sort();
        return values;
    }

    /// <summary>The percentile numerator/denominator of the sorted <paramref name="values"/> by linear interpolation (null when empty).</summary>
    public static double? Percentile(List<double> values, int numerator, int denominator)
    {
        if (values.Count == 0) return null;
        var position = (double)numerator * (values.Count - 1) / denominator;
        var low = (int)Math.Floor(position);
        var fraction = position - low;
        return low + 1 < values.Count ? values[low] + (values[low + 1] - values[low]) * fraction : values[low];
    }

    private sealed class KpiSums
    {
        public long Created, Won, Lost, AmountCount;
        public decimal? AmountSum;
        public double ValueSum;
        public readonly List<double> Values = [];
    }
}
