namespace FunnelStudio.Reports;

/// <summary>
/// Days, weeks (from Monday), months and quarters in one time zone, computed here rather than in SQL
/// so both providers agree and a DST change is handled once: a day's bounds are its local midnights
/// converted to UTC (a day may last 23 or 25 hours).
/// </summary>
public sealed class ReportCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    /// <summary>The most buckets one grouping may make (<c>REPORT_TOO_MANY_BUCKETS</c> beyond).</summary>
    public const int MaxBuckets = 5000;

    /// <summary>The local day an instant falls on.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The UTC instant a local day starts. Where the clock skips midnight (a DST change at 00:00) the
    /// day starts at the first local time that exists.
    /// </summary>
    public DateTime StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The first day of the bucket holding <paramref name="day"/>.</summary>
    public static DateOnly BucketOf(DateOnly day, string bucket) => bucket switch
    {
        "day" => day,
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        "month" => new DateOnly(day.Year, day.Month, 1),
        "quarter" => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a bucket."),
    };

    public static DateOnly Next(DateOnly start, string bucket) => bucket switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        "month" => start.AddMonths(1),
        "quarter" => start.AddMonths(3),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a bucket."),
    };

    /// <summary>The first days of every bucket from the one holding <paramref name="first"/> to the one holding <paramref name="last"/>; null when there would be too many.</summary>
    public static IReadOnlyList<DateOnly>? Buckets(DateOnly first, DateOnly last, string bucket)
    {
        var starts = new List<DateOnly>();
        for (var day = BucketOf(first, bucket); day <= last; day = Next(day, bucket))
        {
            if (starts.Count == MaxBuckets) return null;
            starts.Add(day);
        }
        return starts;
    }
}
