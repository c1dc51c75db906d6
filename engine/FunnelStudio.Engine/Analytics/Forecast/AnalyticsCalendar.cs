namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// Calendar days and months in the analytics time zone, and the UTC instant each one starts at:
/// a snapshot of day D is the pipeline as of D 00:00 there.
/// </summary>
public sealed class AnalyticsCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    /// <summary>The UTC instant day <paramref name="day"/> starts at in the zone (its first valid local time when midnight is skipped by a clock change).</summary>
    public DateTime StartUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A few zones move their clocks at midnight: that day starts when its first local time exists.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The calendar day of <paramref name="utc"/> in the zone.</summary>
    public DateOnly DayOf(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>The first day of the month of <paramref name="day"/>.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}
