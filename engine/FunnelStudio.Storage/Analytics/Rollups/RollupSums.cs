using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Rollup rows that sum other rows: a month's rows (<see cref="RollupGrain.Month"/>) sum its days' rows of one owner,
/// for the periods that hold whole months; the rows without an owner sum every owner's rows of one day or month, for
/// the figures over all records. Counts and sums add up; the values and the bounded facts are lists, so the encoded
/// lists are joined as they are (both encodings are a plain sequence of entries).
/// </summary>
internal static class RollupSums
{
    /// <summary>The month rows of the owners' day rows in <paramref name="dayRows"/> (each month from all of its days' rows).</summary>
    public static List<DayRollupRow> Months(string obj, IEnumerable<DayRollupRow> dayRows) =>
        Sum(obj, dayRows.Where(r => r.Grain == RollupGrain.Day),
            r => new Key(r.OwnerId, RollupGrain.Month, MonthOf(r.Day), r.Kind, r.Stage));

    /// <summary>The rows without an owner of the days and months in <paramref name="ownerRows"/>.</summary>
    public static List<DayRollupRow> Totals(string obj, IEnumerable<DayRollupRow> ownerRows) =>
        Sum(obj, ownerRows.Where(r => r.OwnerId is not null), r => new Key(null, r.Grain, r.Day, r.Kind, r.Stage));

    /// <summary>The day number of the first day of <paramref name="day"/>'s month.</summary>
    public static int MonthOf(int day) => AnalyticsCalendar.MonthOf(DateOnly.FromDayNumber(day)).DayNumber;

    /// <summary>The day number of the first day of the month after <paramref name="month"/>'s.</summary>
    public static int NextMonth(int month) => DateOnly.FromDayNumber(month).AddMonths(1).DayNumber;

    private readonly record struct Key(string? Owner, short Grain, int Day, short Kind, string Stage);

    /// <summary>The rows summed by key, in (owner, kind, grain, day, stage) order, the index's.</summary>
    private static List<DayRollupRow> Sum(string obj, IEnumerable<DayRollupRow> rows, Func<DayRollupRow, Key> keyOf)
    {
        var sums = new Dictionary<Key, Total>();
        foreach (var row in rows)
        {
            var key = keyOf(row);
            if (!sums.TryGetValue(key, out var total)) sums[key] = total = new Total();
            total.Add(row);
        }
        return sums.OrderBy(t => t.Key.Owner, StringComparer.Ordinal).ThenBy(t => t.Key.Kind).ThenBy(t => t.Key.Grain).ThenBy(t => t.Key.Day)
            .ThenBy(t => t.Key.Stage, StringComparer.Ordinal)
            .Select(t => t.Value.ToRow(obj, t.Key)).ToList();
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

        public DayRollupRow ToRow(string obj, Key key) => new()
        {
            Object = obj, OwnerId = key.Owner, Grain = key.Grain, Day = key.Day, Kind = key.Kind, Stage = key.Stage,
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
