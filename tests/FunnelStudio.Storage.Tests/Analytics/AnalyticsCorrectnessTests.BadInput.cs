using FunnelStudio.Analytics;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>Requests the service must refuse, each with its one code; and that the test data holds every case it claims to.</summary>
public abstract partial class AnalyticsCorrectnessTests<TDatabase, TWorld>
{
    public static IEnumerable<object[]> BadRequests =>
    [
        ["from equals to", "u-admin", Spring() with { To = Scenario.Spring.Start }, AnalyticsErrors.BadPeriod],
        ["from after to", "u-admin", Spring() with { From = Scenario.Spring.End, To = Scenario.Spring.Start }, AnalyticsErrors.BadPeriod],
        ["eleven years", "u-admin", Spring() with { From = Scenario.Spring.End.AddYears(-11) }, AnalyticsErrors.BadPeriod],
        ["unknown object", "u-admin", Spring() with { Object = "no_such_object" }, AnalyticsErrors.UnknownObject],
        ["object without a pipeline", "u-admin", Spring() with { Object = "partner" }, AnalyticsErrors.NoPipeline],
        ["split on a text field", "u-admin", Spring() with { SplitBy = "notes" }, AnalyticsErrors.UnknownField],
        ["split on a field that does not exist", "u-admin", Spring() with { SplitBy = "nope" }, AnalyticsErrors.UnknownField],
        ["split on the amount (not a picklist)", "u-admin", Spring() with { SplitBy = "value" }, AnalyticsErrors.UnknownField],
        ["split on a hidden picklist", "u-aud", Spring() with { SplitBy = "segment" }, AnalyticsErrors.FieldForbidden],
        ["filter on a hidden picklist", "u-aud", Spring() with { Fields = [new("segment", "smb")] }, AnalyticsErrors.FieldForbidden],
        ["filter on a text field", "u-admin", Spring() with { Fields = [new("notes", "x")] }, AnalyticsErrors.UnknownField],
    ];

    private static AnalyticsRequest Spring() => new(HistoryGenerator.Object, Scenario.Spring.Start, Scenario.Spring.End);

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsRefusedByEveryMethod_WithItsCode(string what, string userId, AnalyticsRequest request, string code)
    {
        var user = AnalyticsWorld<TDatabase>.User(userId);
        var calls = new List<(string Method, Func<Task> Call)>
        {
            ("Kpis", () => world.Analytics.KpisAsync(user, request, None)),
            ("Funnel", () => world.Analytics.FunnelAsync(user, request, FunnelMode.Cohort, None)),
            ("Trends", () => world.Analytics.TrendsAsync(user, request, TrendInterval.Month, None)),
        };
        // A drill-down lists one slice (its key comes as a filter), so it does not split: a split in
        // its request is ignored rather than checked (the service drops it). Every other bad input
        // must be refused by the drill-down too.
        if (request.SplitBy is null)
            calls.Add(("Drill", () => world.Analytics.DrillAsync(user, request, new DrillTarget(DrillKind.Created), 1, 10, None)));
        foreach (var (method, call) in calls)
        {
            var refused = await Assert.ThrowsAsync<AnalyticsException>(call);
            Assert.True(code == refused.Code, $"{what}, {method}: expected {code}, got {refused.Code} ({refused.Message})");
        }
    }

    [Fact]
    public async Task Drill_IntoAStageThePipelineDoesNotHave_AndAnUnknownVersion_AreRefusedWithTheirCodes()
    {
        var admin = AnalyticsWorld<TDatabase>.User("u-admin");

        var stage = await Assert.ThrowsAsync<AnalyticsException>(() =>
            world.Analytics.DrillAsync(admin, Spring(), new DrillTarget(DrillKind.Funnel, "no_such_stage"), 1, 10, None));
        var version = await Assert.ThrowsAsync<AnalyticsException>(() =>
            world.Analytics.VersionEffectAsync(admin, Spring(), world.SecondVersion + 1000, 4, None));
        var nobody = await Assert.ThrowsAsync<AnalyticsException>(() =>
            world.Analytics.KpisAsync(new ActingUser("u-nobody", "Nobody", []), Spring(), None));

        var noWeeks = await Assert.ThrowsAsync<AnalyticsException>(() =>
            world.Analytics.VersionEffectAsync(admin, Spring(), world.SecondVersion, 0, None));

        Assert.Equal(AnalyticsErrors.BadPeriod, noWeeks.Code);
        Assert.Equal(AnalyticsErrors.UnknownStage, stage.Code);
        Assert.Equal(AnalyticsErrors.UnknownVersion, version.Code);
        Assert.Equal(AnalyticsErrors.Forbidden, nobody.Code);
    }

    /// <summary>
    /// A query past its limit is stopped mid-statement and reported with its code on both providers
    /// (on SQLite by the connection's progress handler, which looks at the clock itself, so a busy
    /// thread pool cannot delay it); the pooled connection then answers the next query normally.
    /// </summary>
    [Fact]
    public async Task Query_LongerThanTheLimit_IsStoppedWithAnalyticsTimeout_AndTheConnectionStaysUsable()
    {
        var admin = AnalyticsWorld<TDatabase>.User("u-admin");
        await using var services = world.Services.CreateAsyncScope();
        var (scope, _) = await services.ServiceProvider.GetRequiredService<AnalyticsScopes>().ForAsync(admin, Spring(), None);
        var store = services.ServiceProvider.GetRequiredService<IAnalyticsStore>();

        var stopped = await Assert.ThrowsAsync<AnalyticsException>(() =>
            store.TimeInStageAsync(scope with { Timeout = TimeSpan.FromTicks(1) }, Scenario.Spring, None));
        var answered = await store.TimeInStageAsync(scope, Scenario.Spring, None);

        Assert.Equal(AnalyticsErrors.Timeout, stopped.Code);
        Assert.NotEmpty(answered);
    }

    [Fact]
    public async Task TrendMarkers_AreOnlyTheVersionsPublishedInTheRange()
    {
        var range = new Period(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), HistoryGenerator.Now);
        var trend = await world.Analytics.TrendsAsync(AnalyticsWorld<TDatabase>.User("u-admin"),
            new AnalyticsRequest(HistoryGenerator.Object, range.Start, range.End), TrendInterval.Month, None);

        Assert.Equal([world.SecondVersion], trend.Versions.Select(v => v.Id));
    }

    [Fact]
    public void TestData_HoldsEveryCaseTheFiguresMustHandle()
    {
        var records = world.Records.Where(r => r.Object == HistoryGenerator.Object).ToList();
        bool Any(Func<KnownRecord, bool> holds) => records.Any(holds);
        static int Index(string stage) => KnownStage.Named(stage).Index;
        static bool NearMonthStart(DateTime at, TimeZoneInfo zone) =>
            TimeZoneInfo.ConvertTimeFromUtc(at, zone) is var local && (local.Day == 1 && local.Hour < 2 || local.AddDays(1).Day == 1 && local.Hour >= 22);

        Assert.True(Any(r => r.Moves.Any(m => m.From is not null && KnownStage.Named(m.From).IsOpen && KnownStage.Named(m.To).IsOpen && Index(m.To) < Index(m.From))), "moves back");
        Assert.True(Any(r => r.Moves.Any(m => m.From is not null && KnownStage.Named(m.To).IsOpen && Index(m.To) > Index(m.From) + 1)), "skipped stages");
        Assert.True(Any(r => r.Moves.Any(m => m.From == "closed_won" && KnownStage.Named(m.To).IsOpen)), "won then reopened");
        Assert.True(Any(r => r.Moves.Any(m => m.From is not null && KnownStage.Named(m.From).IsLost && m.To == "closed_won")), "lost then won directly");
        Assert.True(Any(r => r.Moves.SkipWhile(m => !KnownStage.Named(m.To).IsLost).Any(m => m.To == "closed_won")), "lost then won");
        Assert.True(Any(r => r.Moves.Count(m => m.To == "closed_won") > 1), "won twice");
        Assert.True(Any(r => r.Moves.Count == 1), "never moved");
        Assert.True(records.Count(r => r.Deleted) >= 5, "deleted records");
        Assert.True(Any(r => r.OwnerId != r.CreatedBy && r.CreatedBy is not null), "owner changed");
        Assert.True(Any(r => r.OwnerId is null), "no owner");
        Assert.True(Any(r => r.Amount is null) && Any(r => r.Moves.Any(m => m.Amount != r.Amount)), "no amount, amount changed");
        Assert.True(Any(r => r.Channel is null) && Any(r => r.Segment is null), "empty picklists");
        Assert.True(Any(r => r.Moves.GroupBy(m => m.At).Any(g => g.Count(m => !KnownStage.Named(m.To).IsOpen) > 1)), "tied closings");
        Assert.True(Any(r => r.Stage == "propose" && r.StageEnteredAt < HistoryGenerator.Now.AddDays(-AnalyticsWorld<TDatabase>.DefaultStalledDays)), "stalled on the default threshold");
        Assert.True(Any(r => KnownStage.Named(r.Stage).IsOpen && r.StageEnteredAt >= HistoryGenerator.Now.AddDays(-5)), "fresh open records");
        foreach (var zone in new[] { HistoryGenerator.Shanghai, HistoryGenerator.NewYork })
            Assert.True(records.SelectMany(r => r.Moves).Count(m => !KnownStage.Named(m.To).IsOpen && NearMonthStart(m.At, zone)) >= 5,
                $"closings within two hours of a month start in {zone.Id}");
        var march = new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc);
        Assert.True(records.SelectMany(r => r.Moves).Count(m => Math.Abs((m.At - march).TotalDays) < 10) >= 5, "moves around New York's DST switch");
    }
}
