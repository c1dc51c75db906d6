using System.Globalization;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// The period presets of the filter bar and the conversion of the user's local days into the UTC
/// interval the engine takes: a day starts at local midnight in the user's zone (DST-correct).
/// </summary>
public static class AnalyticsPeriods
{
    public const string ThisMonth = "month";
    public const string Last30 = "30d";
    public const string Last90 = "90d";
    public const string ThisQuarter = "quarter";
    public const string ThisYear = "year";
    public const string Custom = "custom";

    /// <summary>The dashboard's period when none is asked for.</summary>
    public const string Default = Last90;

    public static readonly IReadOnlyList<string> Presets = [ThisMonth, Last30, Last90, ThisQuarter, ThisYear];

    /// <summary>[from, to) in UTC of a preset on the user's today; null for an unknown preset.</summary>
    public static (DateTime From, DateTime To)? Of(string preset, DateTime nowUtc, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone).Date;
        (DateTime, DateTime)? days = preset switch
        {
            ThisMonth => (new DateTime(today.Year, today.Month, 1), new DateTime(today.Year, today.Month, 1).AddMonths(1)),
            Last30 => (today.AddDays(-29), today.AddDays(1)),
            Last90 => (today.AddDays(-89), today.AddDays(1)),
            ThisQuarter => (new DateTime(today.Year, (today.Month - 1) / 3 * 3 + 1, 1), new DateTime(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3)),
            ThisYear => (new DateTime(today.Year, 1, 1), new DateTime(today.Year + 1, 1, 1)),
            _ => null,
        };
        return days is var (from, to) ? (StartOfDay(from, zone), StartOfDay(to, zone)) : null;
    }

    /// <summary>Local midnight of <paramref name="day"/> in <paramref name="zone"/>, as UTC; a midnight skipped by DST moves to the next valid hour.</summary>
    public static DateTime StartOfDay(DateTime day, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>
    /// A <c>from</c>/<c>to</c> value: a day (<c>yyyy-MM-dd</c>, local midnight; for <c>to</c> the end of that
    /// day, so to=2026-01-31 includes the 31st) or an ISO 8601 instant with Z or an offset (exact, <c>to</c> exclusive).
    /// </summary>
    public static DateTime? Parse(string text, TimeZoneInfo zone, bool isEnd)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return StartOfDay(isEnd ? day.AddDays(1) : day, zone);
        // An instant must say its zone: a bare local time would be read in the server's zone.
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':';
        if (hasZone && text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant.UtcDateTime;
        return null;
    }

    /// <summary>The local day a UTC instant falls on, as the date inputs show it.</summary>
    public static string LocalDay(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The last local day of [from, to): the day before the end's local day when the end is a local midnight.</summary>
    public static string LastLocalDay(DateTime toUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone);
        return (local.TimeOfDay == TimeSpan.Zero ? local.AddDays(-1) : local).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
