using FunnelStudio.Analytics;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Analytics;

public sealed class SqliteAnalyticsCorrectnessTests(AnalyticsWorld<SqliteDatabase> world)
    : AnalyticsCorrectnessTests<SqliteDatabase, AnalyticsWorld<SqliteDatabase>>(world);

public sealed class PostgresAnalyticsCorrectnessTests(AnalyticsWorld<PostgresDatabase> world)
    : AnalyticsCorrectnessTests<PostgresDatabase, AnalyticsWorld<PostgresDatabase>>(world);

/// <summary>The same figures answered from the per-day rollups (Shanghai days), with the history read only where they cannot answer.</summary>
public sealed class SqliteRolledUpAnalyticsCorrectnessTests(RolledUpAnalyticsWorld<SqliteDatabase> world)
    : AnalyticsCorrectnessTests<SqliteDatabase, RolledUpAnalyticsWorld<SqliteDatabase>>(world);

public sealed class PostgresRolledUpAnalyticsCorrectnessTests(RolledUpAnalyticsWorld<PostgresDatabase> world)
    : AnalyticsCorrectnessTests<PostgresDatabase, RolledUpAnalyticsWorld<PostgresDatabase>>(world);

/// <summary>
/// Every analytics figure on generated histories with known answers (<see cref="ReferenceAnalytics"/>):
/// KPIs of the period and the previous one, the funnel in both modes, time in stage, the open
/// pipeline and stalled records, for every scope, filter and split of <see cref="Scenario.All"/>.
/// The trends, drill-downs, version effect and bad requests are the other parts of this class.
/// </summary>
public abstract partial class AnalyticsCorrectnessTests<TDatabase, TWorld>(TWorld world)
    : IClassFixture<TWorld> where TDatabase : StorageDatabase, new() where TWorld : AnalyticsWorld<TDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Period[] Periods = [Scenario.Spring, Scenario.Autumn];

    [Theory]
    [MemberData(nameof(Scenario.Names), MemberType = typeof(Scenario))]
    public async Task Kpis_ForEveryScopeFilterAndSplit_EqualTheIndependentReference(string name)
    {
        var scenario = Scenario.Named(name);
        var check = new Mismatches();
        foreach (var period in Periods)
        {
            var result = await world.Analytics.KpisAsync(scenario.User, scenario.Request(period), None);

            check.That(result.Period == period, $"{period}: Period is {result.Period}");
            check.That(result.Previous == period.Previous, $"{period}: Previous is {result.Previous}, expected {period.Previous}");
            check.That(result.AsOf == HistoryGenerator.Now, $"{period}: AsOf is {result.AsOf:O}, the clock says {HistoryGenerator.Now:O}");
            var slices = scenario.Slices(world.Records);
            CheckSlicesMatch(check, $"{period}", slices.Select(s => s.Key), result.Sets.Select(s => s.Split));
            foreach (var (key, reference) in slices)
            {
                var where = $"{period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd} slice '{key}'";
                // A slice left out must have nothing in it: compared as an empty set.
                var set = result.Sets.FirstOrDefault(s => s.Split == key) ?? Empty(key, scenario.AmountVisible);
                check.Kpis($"{where} current", reference.Kpis(period), set.Current);
                check.Kpis($"{where} previous", reference.Kpis(period.Previous), set.Previous);
                foreach (var stage in KnownStage.Pipeline.Where(s => s.IsOpen))
                    check.Pipeline(where, reference.Pipeline(stage.Name, HistoryGenerator.Now), set.Pipeline.FirstOrDefault(p => p.Stage == stage.Name));
                check.That(set.Pipeline.All(p => KnownStage.Named(p.Stage).IsOpen), $"{where}: the open pipeline lists a terminal stage");
                foreach (var stage in KnownStage.Pipeline)
                {
                    var expected = reference.TimeIn(period, stage.Name);
                    var actual = set.TimeInStage.FirstOrDefault(t => t.Stage == stage.Name);
                    if (actual is not null || expected.Records > 0 && stage.IsOpen) check.StageTime(where, expected, actual);
                }
            }
        }
        check.AssertNone();
    }

    [Theory]
    [MemberData(nameof(Scenario.Names), MemberType = typeof(Scenario))]
    public async Task Funnel_InBothModes_ForEveryScopeFilterAndSplit_EqualsTheIndependentReference(string name)
    {
        var scenario = Scenario.Named(name);
        var check = new Mismatches();
        foreach (var period in Periods)
            foreach (var mode in new[] { FunnelMode.Period, FunnelMode.Cohort })
            {
                var result = await world.Analytics.FunnelAsync(scenario.User, scenario.Request(period), mode, None);

                check.That(result.Mode == mode && result.Period == period, $"{mode} {period}: answered {result.Mode} {result.Period}");
                var slices = scenario.Slices(world.Records);
                CheckSlicesMatch(check, $"{mode} {period}", slices.Select(s => s.Key), result.Series.Select(s => s.Split));
                foreach (var (key, reference) in slices)
                {
                    var series = result.Series.FirstOrDefault(s => s.Split == key);
                    var (steps, lost) = reference.Funnel(period, mode);
                    var where = $"{mode} {period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd} slice '{key}'";
                    if (series is null)
                    {
                        check.That(steps.Concat(lost).All(s => s.Count == 0), $"{where}: slice missing, though it has records in the funnel");
                        continue;
                    }
                    check.Steps($"{where} step", steps, series.Steps);
                    check.Steps($"{where} lost", lost, series.Lost);
                }
            }
        check.AssertNone();
    }

    [Fact]
    public async Task Kpis_ForTheRoleThatCannotSeeTheAmount_CarryNoAmountAnywhere_ButTheSameCounts()
    {
        var auditor = Scenario.Named("auditor (amount hidden)");
        var admin = Scenario.Named("admin, everything");

        var hidden = Assert.Single((await world.Analytics.KpisAsync(auditor.User, auditor.Request(Scenario.Spring), None)).Sets);
        var seen = Assert.Single((await world.Analytics.KpisAsync(admin.User, admin.Request(Scenario.Spring), None)).Sets);
        var funnel = Assert.Single((await world.Analytics.FunnelAsync(auditor.User, auditor.Request(Scenario.Spring), FunnelMode.Period, None)).Series);

        Assert.True(seen.Current.WonAmount > 0 && seen.PipelineAmount > 0, "the admin sees amounts (else this test proves nothing)");
        Assert.All([hidden.Current, hidden.Previous], k => Assert.True(k.WonAmount is null && k.AverageDealSize is null));
        Assert.All(hidden.Pipeline, p => Assert.True(p.Amount is null && p.Weighted is null, $"{p.Stage} shows an amount"));
        Assert.All(funnel.Steps.Concat(funnel.Lost), s => Assert.Null(s.Amount));
        Assert.Equal((seen.Current.Won, seen.Current.Lost, seen.OpenCount, seen.Stalled), (hidden.Current.Won, hidden.Current.Lost, hidden.OpenCount, hidden.Stalled));
    }

    /// <summary>
    /// The service may leave out a slice with nothing in it, but must not invent one nor lose one
    /// that has records in the base set; without a split there is exactly one set, Split null.
    /// </summary>
    private static void CheckSlicesMatch(Mismatches check, string where, IEnumerable<string?> expected, IEnumerable<string?> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        check.That(a.Distinct().Count() == a.Count, $"{where}: a slice is listed twice: [{string.Join(", ", a)}]");
        check.That(a.All(e.Contains), $"{where}: slices [{string.Join(", ", a.Except(e))}] are not in the data (expected among [{string.Join(", ", e)}])");
        if (e is [null]) check.That(a is [null], $"{where}: without a split, expected one set with Split null, got [{string.Join(", ", a)}]");
    }

    /// <summary>What a slice left out of an answer stands for: nothing in it (amounts 0 when visible).</summary>
    private static KpiSet Empty(string? key, bool amountVisible)
    {
        var kpis = PeriodKpis.Empty with { WonAmount = amountVisible ? 0 : null };
        return new KpiSet(key, kpis, kpis, [], []);
    }
}
