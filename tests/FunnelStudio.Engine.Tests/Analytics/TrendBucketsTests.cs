using FunnelStudio.Analytics;

namespace FunnelStudio.Engine.Tests.Analytics;

/// <summary>Week and month buckets are cut at local midnights of the user's zone, DST included, and clipped to the range.</summary>
public class TrendBucketsTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Months_InShanghai_StartAtLocalMidnightOfTheFirst_AndAreClippedToTheRange()
    {
        var buckets = TrendBuckets.For(new Period(Utc(2026, 1, 10), Utc(2026, 4, 1)), TrendInterval.Month, Shanghai);

        Assert.Equal(
        [
            new Period(Utc(2026, 1, 10), Utc(2026, 1, 31, 16)),
            new Period(Utc(2026, 1, 31, 16), Utc(2026, 2, 28, 16)),
            new Period(Utc(2026, 2, 28, 16), Utc(2026, 3, 31, 16)),
            new Period(Utc(2026, 3, 31, 16), Utc(2026, 4, 1)),
        ], buckets);
    }

    [Fact]
    public void Weeks_AcrossTheSpringDstChange_AreMondayMidnightsInNewYork()
    {
        // 8 March 2026 02:00 local: New York moves from UTC-5 to UTC-4.
        var buckets = TrendBuckets.For(new Period(Utc(2026, 3, 2, 5), Utc(2026, 3, 16, 4)), TrendInterval.Week, NewYork);

        Assert.Equal([new Period(Utc(2026, 3, 2, 5), Utc(2026, 3, 9, 4)), new Period(Utc(2026, 3, 9, 4), Utc(2026, 3, 16, 4))], buckets);
        Assert.Equal(TimeSpan.FromHours(167), buckets[0].End - buckets[0].Start);
    }

    [Fact]
    public void Buckets_CoverTheRangeWithoutGapsOrOverlaps()
    {
        var range = new Period(Utc(2024, 11, 3, 7), Utc(2026, 11, 20));
        foreach (var interval in new[] { TrendInterval.Week, TrendInterval.Month })
        {
            var buckets = TrendBuckets.For(range, interval, NewYork);
            Assert.Equal(range.Start, buckets[0].Start);
            Assert.Equal(range.End, buckets[^1].End);
            Assert.All(buckets.Zip(buckets.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        }
    }

    [Fact]
    public void Previous_IsTheSameLengthRightBefore()
    {
        var period = new Period(Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal(new Period(Utc(2026, 1, 29), Utc(2026, 3, 1)), period.Previous);
    }

    [Theory]
    [InlineData("Mars/Olympus", 30, 30)]
    [InlineData("UTC", 0, 30)]
    [InlineData("UTC", 30, 0)]
    [InlineData("UTC", 30, 601)]
    public void Options_ThatMeanNoLimitOrAnUnknownZone_AreRefused(string zone, int stalledDays, int timeoutSeconds)
    {
        var result = new AnalyticsOptionsValidator().Validate(null,
            new AnalyticsOptions { TimeZone = zone, StalledAfterDays = stalledDays, TimeoutSeconds = timeoutSeconds });

        Assert.True(result.Failed);
        Assert.Contains("FunnelStudio:Analytics:", result.FailureMessage);
    }

    [Fact]
    public void Options_Defaults_AreValid() => Assert.True(new AnalyticsOptionsValidator().Validate(null, new AnalyticsOptions()).Succeeded);
}
