using System.Globalization;
using FunnelStudio.Metadata;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// Turns the records open at a day's first instant into that day's snapshot rows: grouped per owner,
/// close month and stage, with count, amount and weighted amount (amount × stage probability ÷ 100).
/// </summary>
public static class SnapshotBuilder
{
    public static IReadOnlyList<SnapshotRow> Build(ObjectDefinition obj, DateOnly day, IEnumerable<OpenRecordAsOf> open, AnalyticsCalendar calendar)
    {
        var totals = new SnapshotTotals(obj, calendar);
        foreach (var record in open) totals.Add(record);
        return totals.Rows(day);
    }

    /// <summary>A record's weighted amount: its amount × the stage probability (percent) ÷ 100, per record, so sums agree however they are grouped.</summary>
    public static decimal Weighted(decimal? amount, decimal probability) => (amount ?? 0m) * probability / 100m;

    /// <summary>
    /// The first day of the month of an expected close: a date's own month, or a date-time's month in
    /// the analytics zone; null when empty or unreadable.
    /// </summary>
    public static DateOnly? CloseMonth(string? value, AnalyticsCalendar calendar)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return AnalyticsCalendar.MonthOf(date);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? AnalyticsCalendar.MonthOf(calendar.DayOf(at.UtcDateTime))
            : null;
    }
}
