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
                Percentile(s.Values, 1, 2), s.Won == 0 ? null : s.ValueSum / s.Won);
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
            var values = e.Value.Values;
            return new StageTimeRow(splitByOwner ? e.Key.Item1 : null, e.Key.Item2, e.Value.Records, Percentile(values, 1, 2), Percentile(values, 3, 4));
        }).ToList();
    }

    /// <summary>
    /// The percentile numerator/denominator of <paramref name="values"/> by linear interpolation (null when empty),
    /// as <c>percentile_cont</c>: the two neighbours are found by selection, not by sorting (a year of one owner's
    /// moves out of a stage is tens of thousands of values). Reorders <paramref name="values"/>.
    /// </summary>
    public static double? Percentile(List<double> values, int numerator, int denominator)
    {
        if (values.Count == 0) return null;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
        var position = (long)numerator * (span.Length - 1);
        var low = (int)(position / denominator);
        var fraction = (double)(position % denominator) / denominator;
        var lowValue = Select(span, low);
        if (fraction == 0 || low + 1 >= span.Length) return lowValue;
        // After the selection everything right of low is at least its value: the next one is their minimum.
        var next = double.MaxValue;
        foreach (var v in span[(low + 1)..]) if (v < next) next = v;
        return lowValue + (next - lowValue) * fraction;
    }

    /// <summary>The k-th smallest value (0-based), leaving smaller ones left of k and larger ones right (Hoare selection).</summary>
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (right > left)
        {
            var pivot = Median3(values[left], values[left + (right - left) / 2], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i > j) break;
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return values[k];
    }

    private static double Median3(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);

    private sealed class KpiSums
    {
        public long Created, Won, Lost, AmountCount;
        public decimal? AmountSum;
        public double ValueSum;
        public readonly List<double> Values = [];
    }
}
