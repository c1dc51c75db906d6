using FunnelStudio.Analytics;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// The reference itself on four hand-made records whose figures were worked out on paper from the
/// definitions: reopened and won twice, lost then won, moved back, deleted. If these fail, the
/// reference is wrong, not the service.
/// </summary>
public sealed class ReferenceAnalyticsTests
{
    private static readonly Period January = new(Day(1, 1), Day(2, 1));
    private static readonly Period February = new(Day(2, 1), Day(3, 1));

    private static readonly KnownRecord ReopenedAndWonTwice = new(Guid.NewGuid(), HistoryGenerator.Object, "R1", "u-r1", "u-r1", 120m, "web", null, Day(1, 5), false,
    [
        new(1, null, "prospect", Day(1, 5), null, 100m),
        new(2, "prospect", "qualify", Day(1, 10), 5 * 86400, 100m),
        new(3, "qualify", "closed_won", Day(1, 20), 10 * 86400, 100m),
        new(4, "closed_won", "propose", Day(2, 5), 16 * 86400, 100m),
        new(5, "propose", "closed_won", Day(2, 15), 10 * 86400, 120m),
    ]);

    private static readonly KnownRecord LostThenWon = new(Guid.NewGuid(), HistoryGenerator.Object, "R2", "u-r1", "u-r1", null, null, null, Day(1, 7), false,
    [
        new(6, null, "prospect", Day(1, 7), null, 50m),
        new(7, "prospect", "closed_lost", Day(1, 8), 86400, 50m),
        new(8, "closed_lost", "closed_won", Day(2, 10), 33 * 86400, 50m),
    ]);

    private static readonly KnownRecord MovedBack = new(Guid.NewGuid(), HistoryGenerator.Object, "R3", "u-r2", "u-r2", 30m, "partner", null, Day(2, 1), false,
    [
        new(9, null, "qualify", Day(2, 1), null, 30m),
        new(10, "qualify", "prospect", Day(2, 3), 2 * 86400, 30m),
    ]);

    private static readonly KnownRecord Deleted = new(Guid.NewGuid(), HistoryGenerator.Object, "R4", "u-r1", "u-r1", 999m, "web", null, Day(1, 9), true,
    [
        new(11, null, "prospect", Day(1, 9), null, 999m),
        new(12, "prospect", "closed_won", Day(1, 11), 2 * 86400, 999m),
    ]);

    private static readonly ReferenceAnalytics Reference = new([ReopenedAndWonTwice, LostThenWon, MovedBack, Deleted], null, [], true, 30);

    [Fact]
    public void Kpis_CountALostThenWonDealOncePerPeriod_AndTheLastClosingOfAPeriod()
    {
        Assert.Equal(new PeriodKpis(2, 1, 1, 100m, 100m, 15, 15), Reference.Kpis(January));
        Assert.Equal(new PeriodKpis(1, 2, 0, 170m, 85m, 37.5, 37.5), Reference.Kpis(February));
        Assert.Equal(new PeriodKpis(3, 2, 0, 170m, 85m, 37.5, 37.5), Reference.Kpis(new Period(January.Start, February.End)));
    }

    [Fact]
    public void Funnel_ByCohortCountsTheFurthestStageEverReached_ByPeriodTheEntries()
    {
        var (cohort, cohortLost) = Reference.Funnel(January, FunnelMode.Cohort);
        var (period, periodLost) = Reference.Funnel(January, FunnelMode.Period);

        Assert.Equal([2L, 2, 2, 2, 2], cohort.Select(s => s.Count));
        Assert.Equal([null, 1.0, 1.0, 1.0, 1.0], cohort.Select(s => s.ConversionFromPrevious));
        Assert.Equal([0L, 0], cohortLost.Select(s => s.Count));
        Assert.Equal([2L, 1, 0, 0, 1], period.Select(s => s.Count));
        Assert.Equal([null, 0.5, 0.0, null, null], period.Select(s => s.ConversionFromPrevious));
        Assert.Equal([120m, 120m, 0m, 0m, 120m], period.Select(s => s.Amount));
        Assert.Equal([1L, 0], periodLost.Select(s => s.Count));
    }

    [Fact]
    public void TimeInStage_IsTheInterpolatedMedianAndP75_OfTheMovesOut()
    {
        Assert.Equal(new StageTime("prospect", 2, 3, 4), Reference.TimeIn(January, "prospect"));
        Assert.Equal(new StageTime("qualify", 1, 10, 10), Reference.TimeIn(January, "qualify"));
        Assert.Equal(new StageTime("closed_won", 1, 16, 16), Reference.TimeIn(February, "closed_won"));
    }

    [Fact]
    public void OpenPipeline_WeighsByTheStagesProbability_AndCountsStalledFromTheStageEntry()
    {
        Assert.Equal(new StagePipeline("prospect", 1, 30m, 3m, 1, 12), Reference.Pipeline("prospect", Day(3, 1)));
        Assert.Equal(new StagePipeline("prospect", 1, 30m, 3m, 0, 12), Reference.Pipeline("prospect", Day(2, 15)));
        Assert.Equal(new StagePipeline("propose", 0, 0m, 0m, 0, 30), Reference.Pipeline("propose", Day(3, 1)));
    }

    [Fact]
    public void Buckets_FollowTheZonesMidnights_AcrossTheDaylightSavingSwitch()
    {
        var newYork = HistoryGenerator.NewYork;
        var range = new Period(new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 17, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(
            [
                new Period(range.Start, new DateTime(2026, 3, 9, 4, 0, 0, DateTimeKind.Utc)),
                new Period(new DateTime(2026, 3, 9, 4, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 16, 4, 0, 0, DateTimeKind.Utc)),
                new Period(new DateTime(2026, 3, 16, 4, 0, 0, DateTimeKind.Utc), range.End),
            ],
            ReferenceAnalytics.Buckets(range, TrendInterval.Week, newYork));
        Assert.Equal(new DateTime(2026, 2, 28, 16, 0, 0, DateTimeKind.Utc),
            ReferenceAnalytics.Buckets(new Period(Day(2, 10), Day(3, 10)), TrendInterval.Month, HistoryGenerator.Shanghai)[1].Start);
    }

    private static DateTime Day(int month, int day) => new(2026, month, day, 0, 0, 0, DateTimeKind.Utc);
}
