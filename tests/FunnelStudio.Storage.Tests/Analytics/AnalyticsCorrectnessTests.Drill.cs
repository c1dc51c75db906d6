using FunnelStudio.Analytics;
using FunnelStudio.Saving;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>The drill-downs: every figure's list has the figure as its Total and holds exactly the reference's records.</summary>
public abstract partial class AnalyticsCorrectnessTests<TDatabase, TWorld>
{
    /// <summary>Large enough that the first page of every set here is the whole set (the suite still pages on if capped).</summary>
    private const int PageSize = 500;

    [Theory]
    [MemberData(nameof(Scenario.Names), MemberType = typeof(Scenario))]
    public async Task Drill_IntoEveryFigure_HasTheFigureAsTotal_AndListsExactlyItsRecords(string name)
    {
        var scenario = Scenario.Named(name);
        var period = Scenario.Spring;
        var check = new Mismatches();
        var kpis = await world.Analytics.KpisAsync(scenario.User, scenario.Request(period), None);
        var funnels = new Dictionary<FunnelMode, FunnelResult>
        {
            [FunnelMode.Period] = await world.Analytics.FunnelAsync(scenario.User, scenario.Request(period), FunnelMode.Period, None),
            [FunnelMode.Cohort] = await world.Analytics.FunnelAsync(scenario.User, scenario.Request(period), FunnelMode.Cohort, None),
        };
        foreach (var (key, reference) in scenario.Slices(world.Records))
        {
            var request = scenario.SliceRequest(period, key);
            var set = kpis.Sets.FirstOrDefault(s => s.Split == key) ?? Empty(key, scenario.AmountVisible);
            var where = $"slice '{key}'";

            async Task Drill(DrillTarget target, long figure, IEnumerable<KnownRecord> expected)
            {
                var (total, rows) = await DrillAllAsync(scenario.User, request, target);
                var label = $"{where} drill {target.Kind} {target.Stage} {(target.Kind == DrillKind.Funnel ? target.Mode : "")}";
                check.Count($"{label} Total vs the figure", figure, total);
                check.Ids(label, expected.Select(r => r.Id), rows.Select(r => r.Id));
                check.That(rows.Zip(rows.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt), $"{label}: not newest created first");
            }

            await Drill(new DrillTarget(DrillKind.Created), set.Current.Created, reference.Created(period));
            await Drill(new DrillTarget(DrillKind.Won), set.Current.Won, reference.Closings(period, won: true).Select(c => c.Record));
            await Drill(new DrillTarget(DrillKind.Lost), set.Current.Lost, reference.Closings(period, won: false).Select(c => c.Record));
            await Drill(new DrillTarget(DrillKind.Closed), set.Current.Closed,
                reference.Closings(period, won: true).Concat(reference.Closings(period, won: false)).Select(c => c.Record));
            foreach (var (mode, funnel) in funnels)
            {
                var series = funnel.Series.FirstOrDefault(s => s.Split == key);
                foreach (var stage in KnownStage.Pipeline)
                {
                    var step = series?.Steps.Concat(series.Lost).FirstOrDefault(s => s.Stage == stage.Name);
                    await Drill(new DrillTarget(DrillKind.Funnel, stage.Name, mode), step?.Count ?? 0, reference.FunnelSet(period, stage.Name, mode));
                }
            }
            foreach (var stage in KnownStage.Pipeline)
            {
                var time = set.TimeInStage.FirstOrDefault(t => t.Stage == stage.Name);
                var expected = reference.MovesOut(period, stage.Name).Select(m => m.Record).DistinctBy(r => r.Id).ToList();
                if (time is null && (!stage.IsOpen || expected.Count == 0)) continue;
                await Drill(new DrillTarget(DrillKind.LeftStage, stage.Name), time?.Records ?? 0, expected);
            }
            await Drill(new DrillTarget(DrillKind.Open), set.OpenCount, reference.Open(null));
            await Drill(new DrillTarget(DrillKind.Stalled), set.Stalled, reference.Stalled(null, HistoryGenerator.Now));
            foreach (var stage in KnownStage.Pipeline.Where(s => s.IsOpen))
            {
                var pipeline = set.Pipeline.FirstOrDefault(p => p.Stage == stage.Name);
                await Drill(new DrillTarget(DrillKind.Open, stage.Name), pipeline?.Count ?? 0, reference.Open(stage.Name));
                await Drill(new DrillTarget(DrillKind.Stalled, stage.Name), pipeline?.Stalled ?? 0, reference.Stalled(stage.Name, HistoryGenerator.Now));
            }
        }
        check.AssertNone();
    }

    [Fact]
    public async Task Drill_ForASeller_ListsOnlyTheirOwnRecords_AndForTheAuditorNoAmount()
    {
        var seller = Scenario.Named("seller r1 (own only)");
        var auditor = Scenario.Named("auditor (amount hidden)");

        var (total, rows) = await DrillAllAsync(seller.User, seller.Request(Scenario.Spring), new DrillTarget(DrillKind.Created));
        var (_, audited) = await DrillAllAsync(auditor.User, auditor.Request(Scenario.Spring), new DrillTarget(DrillKind.Won));

        Assert.True(total > 0);
        Assert.All(rows, r => Assert.Equal("u-r1", r.OwnerId));
        Assert.NotEmpty(audited);
        Assert.All(audited, r => Assert.Null(r.Amount));
    }

    /// <summary>Every page of a drill-down (one page when the set fits): the Total of the first page and all rows.</summary>
    private async Task<(long Total, List<DrillRow> Rows)> DrillAllAsync(ActingUser user, AnalyticsRequest request, DrillTarget target)
    {
        var first = await world.Analytics.DrillAsync(user, request, target, 1, PageSize, None);
        var rows = first.Items.ToList();
        for (var page = 2; rows.Count < first.Total && page < 50; page++)
        {
            var next = await world.Analytics.DrillAsync(user, request, target, page, PageSize, None);
            if (next.Items.Count == 0) break;
            rows.AddRange(next.Items);
        }
        return (first.Total, rows);
    }
}
