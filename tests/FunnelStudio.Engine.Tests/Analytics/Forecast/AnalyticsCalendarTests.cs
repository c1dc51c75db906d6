using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Engine.Tests.Analytics.Forecast;

public sealed class AnalyticsCalendarTests
{
    [Fact]
    public void DayStart_InANonUtcZone_IsLocalMidnightInUtc()
    {
        var shanghai = new AnalyticsCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var newYork = new AnalyticsCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(new DateTime(2025, 2, 28, 16, 0, 0, DateTimeKind.Utc), shanghai.StartUtc(new DateOnly(2025, 3, 1)));
        Assert.Equal(new DateTime(2025, 3, 1, 5, 0, 0, DateTimeKind.Utc), newYork.StartUtc(new DateOnly(2025, 3, 1)));
        Assert.Equal(new DateTime(2025, 4, 1, 4, 0, 0, DateTimeKind.Utc), newYork.StartUtc(new DateOnly(2025, 4, 1)));
        Assert.Equal(new DateOnly(2025, 2, 28), newYork.DayOf(new DateTime(2025, 3, 1, 4, 59, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void DayStart_WhenMidnightIsSkipped_IsTheDaysFirstLocalTime()
    {
        // Santiago moved its clocks from 00:00 to 01:00 on 7 September 2025.
        var santiago = new AnalyticsCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/Santiago"));
        Assert.Equal(new DateTime(2025, 9, 7, 4, 0, 0, DateTimeKind.Utc), santiago.StartUtc(new DateOnly(2025, 9, 7)));
    }

    [Fact]
    public void CloseMonth_OfADate_IsItsMonth_OfADateTime_ItsMonthInTheZone()
    {
        var shanghai = new AnalyticsCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.Equal(new DateOnly(2025, 3, 1), SnapshotBuilder.CloseMonth("2025-03-31", shanghai));
        Assert.Equal(new DateOnly(2025, 4, 1), SnapshotBuilder.CloseMonth("2025-03-31T17:00:00Z", shanghai));
        Assert.Equal(new DateOnly(2025, 3, 1), SnapshotBuilder.CloseMonth("2025-03-31T15:00:00Z", shanghai));
        Assert.Null(SnapshotBuilder.CloseMonth(null, shanghai));
        Assert.Null(SnapshotBuilder.CloseMonth("soon", shanghai));
    }

    [Theory]
    [InlineData("UTC", true)]
    [InlineData("Asia/Shanghai", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    public void Options_AcceptOnlyKnownZones(string zone, bool valid) =>
        Assert.Equal(valid, new AnalyticsOptionsValidator().Validate(null, new AnalyticsOptions { TimeZone = zone }).Succeeded);
}
