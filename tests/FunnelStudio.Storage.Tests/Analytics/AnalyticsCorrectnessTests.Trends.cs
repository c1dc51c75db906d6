using FunnelStudio.Analytics;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>Trends (every point, in Shanghai, New York across DST and UTC), their drill-downs, version markers and the version effect.</summary>
public abstract partial class AnalyticsCorrectnessTests<TDatabase, TWorld>
{
    private static readonly Period SinceGoLive = new(AnalyticsWorld<TDatabase>.GoLive, HistoryGenerator.Now);

    public static IEnumerable<object[]> TrendCases =>
    [
        ["admin, everything", TrendInterval.Month, "Asia/Shanghai"],
        ["admin, everything", TrendInterval.Week, "Asia/Shanghai"],
        ["admin, everything", TrendInterval.Month, "America/New_York"],
        ["admin, everything", TrendInterval.Week, "America/New_York"],
        ["admin, everything", TrendInterval.Month, "UTC"],
        ["admin, split by channel", TrendInterval.Month, "Asia/Shanghai"],
        ["lead m1, split by owner", TrendInterval.Week, "America/New_York"],
        ["admin, team of l2 and channel web", TrendInterval.Month, "America/New_York"],
        ["auditor (amount hidden)", TrendInterval.Week, "Asia/Shanghai"],
    ];

    [Theory]
    [MemberData(nameof(TrendCases))]
    public async Task Trends_PerWeekAndMonth_InTheRequestsZone_EqualTheReferenceAtEveryPoint(string name, TrendInterval interval, string zoneId)
    {
        var scenario = Scenario.Named(name);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var check = new Mismatches();

        var result = await world.Analytics.TrendsAsync(scenario.User, scenario.Request(SinceGoLive, zone), interval, None);

        var buckets = ReferenceAnalytics.Buckets(SinceGoLive, interval, zone);
        check.That(result.Interval == interval && result.Range == SinceGoLive, $"answered {result.Interval} over {result.Range}");
        check.That(result.Versions.Select(v => (v.Id, v.PublishedAt)).SequenceEqual(
                [(world.FirstVersion, AnalyticsWorld<TDatabase>.GoLive), (world.SecondVersion, AnalyticsWorld<TDatabase>.SecondVersionAt)]),
            $"version markers: [{string.Join(", ", result.Versions.Select(v => $"{v.Id}@{v.PublishedAt:O}"))}]");
        var slices = scenario.Slices(world.Records);
        CheckSlicesMatch(check, "trend", slices.Select(s => s.Key), result.Series.Select(s => s.Split));
        foreach (var (key, reference) in slices)
        {
            var series = result.Series.FirstOrDefault(s => s.Split == key);
            var points = series?.Points ?? buckets.Select(b => new TrendPoint(b, Empty(key, scenario.AmountVisible).Current)).ToList();
            check.That(points.Select(p => p.Period).SequenceEqual(buckets),
                $"slice '{key}' buckets: expected {buckets.Count} from {buckets[0]} to {buckets[^1]}, got {points.Count}: " +
                string.Join(", ", points.Select(p => p.Period).Except(buckets).Take(3)));
            foreach (var point in points.Where(p => buckets.Contains(p.Period)))
                check.Kpis($"slice '{key}' {point.Period.Start:yyyy-MM-dd HH:mm}Z", reference.Kpis(point.Period), point.Kpis);
        }
        check.AssertNone();
    }

    [Theory]
    [InlineData(TrendInterval.Month, "Asia/Shanghai")]
    [InlineData(TrendInterval.Week, "America/New_York")]
    public async Task TrendPoints_DrilledInto_HaveThePointsFiguresAsTotals(TrendInterval interval, string zoneId)
    {
        var scenario = Scenario.Named("admin, everything");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var check = new Mismatches();
        var result = await world.Analytics.TrendsAsync(scenario.User, scenario.Request(SinceGoLive, zone), interval, None);

        foreach (var point in Assert.Single(result.Series).Points)
            foreach (var (kind, figure) in new[] { (DrillKind.Created, point.Kpis.Created), (DrillKind.Won, point.Kpis.Won),
                         (DrillKind.Lost, point.Kpis.Lost), (DrillKind.Closed, point.Kpis.Closed) })
            {
                var page = await world.Analytics.DrillAsync(scenario.User, scenario.Request(point.Period, zone), new DrillTarget(kind), 1, PageSize, None);
                check.Count($"{point.Period.Start:yyyy-MM-dd HH:mm}Z {kind}", figure, page.Total);
            }
        check.AssertNone();
    }

    [Theory]
    [InlineData(6)]
    [InlineData(52)]
    public async Task VersionEffect_OfTheSecondVersion_ComparesTheWeeksBeforeAndAfter_AsTheReferenceDoes(int weeks)
    {
        var scenario = Scenario.Named("admin, everything");
        var reference = scenario.Reference(world.Records);
        var at = AnalyticsWorld<TDatabase>.SecondVersionAt;
        var before = new Period(at.AddDays(-7 * weeks), at);
        var after = new Period(at, at.AddDays(7 * weeks) < HistoryGenerator.Now ? at.AddDays(7 * weeks) : HistoryGenerator.Now);
        var check = new Mismatches();

        var effect = await world.Analytics.VersionEffectAsync(scenario.User, scenario.Request(Scenario.Spring), world.SecondVersion, weeks, None);

        check.That(effect.Version.Id == world.SecondVersion && effect.Version.PublishedAt == at && effect.Weeks == weeks, $"version {effect.Version}");
        check.That(effect.Before == before && effect.After == after, $"periods {effect.Before} / {effect.After}, expected {before} / {after}");
        foreach (var (side, period, kpis, funnel, times) in new[]
                 {
                     ("before", before, effect.KpisBefore, effect.FunnelBefore, effect.TimeBefore),
                     ("after", after, effect.KpisAfter, effect.FunnelAfter, effect.TimeAfter),
                 })
        {
            check.Kpis(side, reference.Kpis(period), kpis);
            var (steps, lost) = reference.Funnel(period, FunnelMode.Period);
            check.Steps($"{side} funnel", steps, funnel.Steps);
            check.Steps($"{side} lost", lost, funnel.Lost);
            foreach (var stage in KnownStage.Pipeline.Where(s => s.IsOpen))
                check.StageTime(side, reference.TimeIn(period, stage.Name), times.FirstOrDefault(t => t.Stage == stage.Name));
        }
        check.AssertNone();
    }

    [Fact]
    public async Task BaselineAndVersions_AreTheGoLiveAndEveryPublishedVersion_NewestFirst()
    {
        Assert.Equal(AnalyticsWorld<TDatabase>.GoLive, await world.Analytics.BaselineAsync(None));
        var versions = await world.Analytics.VersionsAsync(None);
        Assert.Equal([(world.SecondVersion, AnalyticsWorld<TDatabase>.SecondVersionAt), (world.FirstVersion, AnalyticsWorld<TDatabase>.GoLive)],
            versions.Select(v => (v.Id, v.PublishedAt)).ToList());
    }
}
