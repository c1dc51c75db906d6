using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Rules;
using FunnelStudio.Versions.Backtest;
using static FunnelStudio.Engine.Tests.Backtest.DealHistory;

namespace FunnelStudio.Engine.Tests.Backtest;

/// <summary>Replaying history made through the real save pipeline against the sample package and a stricter draft.</summary>
public sealed class BacktestReplayTests
{
    private readonly PipelineFixture _fixture = new();
    private readonly DealHistory _deals;

    public BacktestReplayTests() => _deals = new DealHistory(_fixture);

    private CompiledPackage Active => _fixture.Runtime.Current;

    /// <summary>The sample with one more exit criterion on lead: an amount of at least 2,000.</summary>
    private static readonly Lazy<CompiledPackage> MinimumAmountDraft = new(() => PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"))
        .EditObject("deal", o => JsonEdit.Array(JsonEdit.Stage(o, "lead"), "exitCriteria").Add(new JsonObject
        {
            ["name"] = "min_amount", ["expression"] = "Fn.Coalesce(record.amount, 0) >= 2000", ["message"] = "An amount of at least 2,000.",
        }))
        .Compile());

    private async Task<Guid> LeadAsync(string name, decimal amount) =>
        (await _deals.CreateAsync(Start, new { name, amount, source = "website", first_contact_at = "2026-01-02T10:00:00Z", icp_fit = true })).Id;

    private async Task<BacktestReport> ReplayAsync(CompiledPackage draft, IEnumerable<DirectoryUser>? users = null)
    {
        var replay = new BacktestReplay(Active, draft, users ?? await _fixture.Users.AllAsync(CancellationToken.None));
        foreach (var record in await _deals.ReadAllAsync()) replay.Add(record);
        return replay.Report(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Replay_JudgesEachMoveOnTheValuesOfItsMoment_NotTheValuesOfToday()
    {
        var small = await LeadAsync("Small then", 1000);
        var large = await LeadAsync("Large", 5000);
        var raisedLater = await LeadAsync("Raised after the move", 1000);
        var raisedWithMove = await LeadAsync("Raised with the move", 1000);
        await Move(small, 2, new { });
        await Move(large, 4, new { });
        var moved = await Move(raisedLater, 6, new { });
        await _deals.UpdateAsync(moved, Start.AddDays(7), new { amount = 9000 });
        await Move(raisedWithMove, 8, new { amount = 3000 });

        var report = await ReplayAsync(MinimumAmountDraft.Value);

        Assert.Equal((4, 8), (report.Records, report.Moves));
        Assert.Equal((8, 0, 0), (report.Active.Replayed, report.Active.Skipped, report.Active.Blocked));
        Assert.Equal((8, 0, 2), (report.Draft.Replayed, report.Draft.Skipped, report.Draft.Blocked));
        var rule = Assert.Single(report.Draft.Rules);
        Assert.Equal(("deal", "lead", "min_amount", ViolationKind.ExitCriterion, 2L), (rule.Object, rule.Stage, rule.Rule, rule.Kind, rule.Count));
        Assert.Equal(new[] { small, raisedLater }.Order(), rule.Examples.Select(e => e.RecordId).Order());
        var example = rule.Examples.Single(e => e.RecordId == small);
        Assert.Equal(("Small then", "lead", "mql", Start.AddDays(2), "rep1"), (example.Title, example.From, example.To, example.At, example.By));

        async Task<FunnelStudio.Saving.StoredRecord> Move(Guid id, int day, object values) =>
            await _deals.UpdateAsync((await _fixture.Store.FindAsync("deal", id, CancellationToken.None))!, Start.AddDays(day), values, toStage: "mql");
    }

    [Fact]
    public async Task Stages_CountBlockedMovesAsNotConverting_AndLeaveTheirStaysOutOfTheDraftsMedian()
    {
        foreach (var (amount, day) in new[] { (1000m, 2), (5000m, 4), (1000m, 6), (5000m, 8) })
        {
            var id = await LeadAsync($"Deal {day}", amount);
            await _deals.UpdateAsync((await _fixture.Store.FindAsync("deal", id, CancellationToken.None))!, Start.AddDays(day), new { }, toStage: "mql");
        }

        var report = await ReplayAsync(MinimumAmountDraft.Value);

        var lead = report.Stages.Single(s => s.Object == "deal" && s.Stage == "lead");
        Assert.Equal((4, 4, 4, TimeSpan.FromDays(5)), (lead.Happened.Entered, lead.Happened.Converted, lead.Happened.Stays, lead.Happened.MedianTimeInStage));
        Assert.Equal((4, 2, 2, TimeSpan.FromDays(6)), (lead.Draft.Entered, lead.Draft.Converted, lead.Draft.Stays, lead.Draft.MedianTimeInStage));
        Assert.Equal(0.5, lead.Draft.Conversion);
        var mql = report.Stages.Single(s => s.Object == "deal" && s.Stage == "mql");
        Assert.Equal((4L, 2L), (mql.Happened.Entered, mql.Draft.Entered));
        Assert.Equal(["lead", "mql", "sql", "opportunity", "won", "lost"], report.Stages.Where(s => s.Object == "deal").Select(s => s.Stage));
    }

    [Fact]
    public async Task Reopening_IsJudgedWithTheMoversRolesFromTheDirectory_AndAnUnknownMoverHasNone()
    {
        var id = await LeadAsync("Lost and found", 5000);
        var lost = await _deals.UpdateAsync((await _fixture.Store.FindAsync("deal", id, CancellationToken.None))!, Start.AddDays(1),
            new { lost_reason = "price" }, toStage: "lost");
        await _deals.UpdateAsync(lost, Start.AddDays(2), new { }, toStage: "lead", user: PipelineFixture.Manager);

        var withRoles = await ReplayAsync(Active);
        var withoutUsers = await ReplayAsync(Active, users: []);

        Assert.Equal((3, 0), (withRoles.Active.Replayed, withRoles.Active.Blocked));
        var refused = Assert.Single(withoutUsers.Active.Rules);
        Assert.Equal(("reopen_forbidden", ViolationKind.Transition, 1L), (refused.Rule, refused.Kind, refused.Count));
        Assert.Equal("mgr", Assert.Single(refused.Examples).By);
    }
}
