namespace FunnelStudio.Analytics;

/// <summary>
/// Week and month buckets in a time zone, as UTC periods: computed here rather than in SQL so that
/// both providers (SQLite has no time zones) cut days at the same instants, DST included.
/// </summary>
public static class TrendBuckets
{
    /// <summary>The longest trend: about ten years of weeks.</summary>
    public const int MaxBuckets = 530;

    public static IReadOnlyList<Period> For(Period range, TrendInterval interval, TimeZoneInfo zone)
    {
        var buckets = new List<Period>();
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(range.Start, DateTimeKind.Utc), zone).Date;
        var start = interval == TrendInterval.Month
            ? new DateTime(local.Year, local.Month, 1)
            : local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        while (buckets.Count < MaxBuckets)
        {
            var next = interval == TrendInterval.Month ? start.AddMonths(1) : start.AddDays(7);
            var from = Max(ToUtc(start, zone), range.Start);
            var to = Min(ToUtc(next, zone), range.End);
            if (from >= range.End) break;
            if (to > from) buckets.Add(new Period(from, to));
            start = next;
        }
        return buckets;
    }

    /// <summary>A local midnight in UTC; a midnight skipped by a DST change is the first instant after it.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
