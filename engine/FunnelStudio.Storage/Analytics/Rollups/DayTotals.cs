namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// The rows without an owner: every owner's rows of one (day, kind, stage) summed, for the figures over all records
/// (an admin's dashboard with no owner filter), which would otherwise read each owner's row of every day. Counts and
/// sums add up; the values and the bounded facts are lists, so the encoded lists are joined as they are (both
/// encodings are a plain sequence of entries).
/// </summary>
internal static class DayTotals
{
    /// <summary>The total rows of the days in <paramref name="ownerRows"/>, in (kind, day, stage) order, the index's.</summary>
    public static List<DayRollupRow> Of(string obj, IEnumerable<DayRollupRow> ownerRows)
    {
        var totals = new Dictionary<(short Kind, int Day, string Stage), Total>();
        foreach (var row in ownerRows)
        {
            var key = (row.Kind, row.Day, row.Stage);
            if (!totals.TryGetValue(key, out var total)) totals[key] = total = new Total();
            total.Add(row);
        }
        return totals.OrderBy(t => t.Key.Kind).ThenBy(t => t.Key.Day).ThenBy(t => t.Key.Stage, StringComparer.Ordinal)
            .Select(t => t.Value.ToRow(obj, t.Key.Kind, t.Key.Day, t.Key.Stage)).ToList();
    }

    private sealed class Total
    {
        private long _count, _amountCount;
        private decimal? _amountSum;
        private double _valueSum;
        private readonly List<byte[]> _values = [], _bounded = [];

        public void Add(DayRollupRow row)
        {
            _count += row.Count;
            _amountCount += row.AmountCount;
            if (row.AmountSum is { } amount) _amountSum = (_amountSum ?? 0) + amount;
            _valueSum += row.ValueSum;
            if (row.Values is { Length: > 0 } values) _values.Add(values);
            if (row.Bounded is { Length: > 0 } bounded) _bounded.Add(bounded);
        }

        public DayRollupRow ToRow(string obj, short kind, int day, string stage) => new()
        {
            Object = obj, OwnerId = null, Day = day, Kind = kind, Stage = stage,
            Count = _count, AmountSum = _amountSum, AmountCount = _amountCount, ValueSum = _valueSum,
            Values = Join(_values), Bounded = Join(_bounded),
        };

        private static byte[]? Join(List<byte[]> parts)
        {
            if (parts.Count <= 1) return parts.Count == 0 ? null : parts[0];
            var joined = new byte[parts.Sum(p => p.Length)];
            var at = 0;
            foreach (var part in parts)
            {
                part.CopyTo(joined, at);
                at += part.Length;
            }
            return joined;
        }
    }
}
