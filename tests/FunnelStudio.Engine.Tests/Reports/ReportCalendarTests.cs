using FunnelStudio.Reports;

namespace FunnelStudio.Engine.Tests.Reports;

/// <summary>Bucket boundaries in a time zone: local midnights in UTC, a DST day of 23 hours, weeks from Monday, cells that round-trip.</summary>
public class ReportCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void StartOf_TheDaysAroundTheSpringChange_AreLocalMidnights_TheChangeDayLasting23Hours()
    {
        var calendar = new ReportCalendar(Berlin);

        var change = calendar.StartOf(new DateOnly(2026, 3, 29));
        var next = calendar.StartOf(new DateOnly(2026, 3, 30));

        Assert.Equal(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), change);
        Assert.Equal(new DateTime(2026, 3, 29, 22, 0, 0, DateTimeKind.Utc), next);
        Assert.Equal(TimeSpan.FromHours(23), next - change);
    }

    [Theory]
    [InlineData("2026-03-29", "week", "2026-03-23")]
    [InlineData("2026-03-30", "week", "2026-03-30")]
    [InlineData("2026-08-17", "month", "2026-08-01")]
    [InlineData("2026-08-17", "quarter", "2026-07-01")]
    [InlineData("2026-12-31", "quarter", "2026-10-01")]
    public void BucketOf_GivesTheBucketsFirstDay(string day, string bucket, string first)
    {
        Assert.Equal(DateOnly.Parse(first), ReportCalendar.BucketOf(DateOnly.Parse(day), bucket));
    }

    [Fact]
    public void Buckets_OverTooManyDays_AreRefused()
    {
        Assert.Null(ReportCalendar.Buckets(new DateOnly(2000, 1, 1), new DateOnly(2020, 1, 1), "day"));
        Assert.Equal(12, ReportCalendar.Buckets(new DateOnly(2026, 1, 15), new DateOnly(2026, 12, 1), "month")!.Count);
    }

    [Theory]
    [InlineData("a|b", null)]
    [InlineData("~", "100%")]
    [InlineData("2026-03-01", "won")]
    public void Cell_FormatThenParse_GivesTheKeysBack(string? first, string? second)
    {
        string?[] keys = [first, second];

        Assert.Equal(keys, ReportCell.Parse(ReportCell.Format(keys), keys.Length));
    }

    [Fact]
    public void Cell_WithTheWrongNumberOfKeys_IsNotACell()
    {
        Assert.Null(ReportCell.Parse("a|b|c", 2));
        Assert.Null(ReportCell.Parse("x", 0));
    }
}
