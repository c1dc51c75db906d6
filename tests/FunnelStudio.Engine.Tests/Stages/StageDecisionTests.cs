using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Stages;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Stages;

/// <summary>
/// Stage moves on the minimal pipeline: lead → mql → sql → opportunity → won, and lost from any
/// open stage. Leaving a stage needs its required fields and exit criteria; entering one needs its
/// entry criteria (and, for closed stages, its required fields).
/// </summary>
public class StageDecisionTests
{
    private static readonly CompiledObject Deal = Fixtures.Deal;

    private static StageDecision Move(object record, string to, RuleUser? user = null, object? before = null)
    {
        var after = TestRecord.Bind(Deal, record);
        var old = before is null ? after : TestRecord.Bind(Deal, before);
        return StageDecisionService.Decide(Deal, old, after, to, user ?? Users.Rep, Clock.Now);
    }

    private static IEnumerable<(ViolationKind, string, string?)> Blocking(StageDecision decision) =>
        decision.Blocking.Select(v => (v.Kind, v.Rule, v.Stage));

    [Fact]
    public void Decide_NextStageWithExitCriteriaMet_IsAllowed()
    {
        var decision = Move(new { name = "x", stage = "lead", source = "web", icp_fit = true }, "mql");

        Assert.True(decision.Allowed);
        Assert.Equal("lead", decision.From);
        Assert.Equal("mql", decision.To);
        Assert.Equal(["lead"], decision.StagesPassed);
        Assert.False(decision.IsBackward);
    }

    [Fact]
    public void Decide_NextStageWithExitCriterionUnmet_IsBlockedByThatCriterion()
    {
        var decision = Move(new { name = "x", stage = "lead", source = "web", icp_fit = false }, "mql");

        Assert.False(decision.Allowed);
        var violation = Assert.Single(decision.Blocking);
        Assert.Equal(ViolationKind.ExitCriterion, violation.Kind);
        Assert.Equal("icp_checked", violation.Rule);
        Assert.Equal("icp_fit", violation.Field);
        Assert.Equal("lead", violation.Stage);
        Assert.Equal("Confirm the lead fits the ideal customer profile.", violation.MessageIn("en"));
    }

    [Fact]
    public void Decide_NextStageWithRequiredFieldMissing_IsBlockedByTheField()
    {
        var decision = Move(new { name = "x", stage = "lead", icp_fit = true }, "mql");

        var violation = Assert.Single(decision.Blocking);
        Assert.Equal((ViolationKind.RequiredField, "source", "lead"), (violation.Kind, violation.Rule, violation.Stage));
        Assert.Equal("source", violation.Field);
    }

    [Fact]
    public void Decide_SkippingStages_ReportsEveryUnmetCriterionOfEveryStagePassed()
    {
        var decision = Move(new { name = "x", stage = "lead" }, "opportunity");

        Assert.False(decision.Allowed);
        Assert.Equal(["lead", "mql", "sql"], decision.StagesPassed);
        Assert.Equal(
            [
                (ViolationKind.RequiredField, "source", "lead"),
                (ViolationKind.ExitCriterion, "icp_checked", "lead"),
                (ViolationKind.RequiredField, "amount", "mql"),
                (ViolationKind.ExitCriterion, "budget_known", "mql"),
                (ViolationKind.ExitCriterion, "decision_maker_named", "sql"),
                (ViolationKind.EntryCriterion, "close_date_set", "opportunity"),
            ],
            Blocking(decision));
    }

    [Fact]
    public void Decide_SkippingStagesWithEverythingMet_IsAllowed()
    {
        var decision = Move(new
        {
            name = "x", stage = "lead", source = "web", icp_fit = true, amount = 5000, budget_confirmed = true,
            decision_maker = "Li Na (CFO)", close_date = "2026-06-30",
        }, "opportunity");

        Assert.True(decision.Allowed, string.Join("; ", decision.Blocking.Select(v => v.Rule)));
        Assert.Equal(["lead", "mql", "sql"], decision.StagesPassed);
    }

    [Fact]
    public void Decide_SkippingStagesWithOneStageUnmet_NamesOnlyThatStage()
    {
        var decision = Move(new
        {
            name = "x", stage = "lead", source = "web", icp_fit = true, amount = 5000, budget_confirmed = false,
            decision_maker = "Li Na (CFO)", close_date = "2026-06-30",
        }, "opportunity");

        Assert.Equal([(ViolationKind.ExitCriterion, "budget_known", "mql")], Blocking(decision));
    }

    [Fact]
    public void Decide_TargetWithUnmetEntryCriterion_IsBlocked()
    {
        var decision = Move(new { name = "x", stage = "sql", decision_maker = "Li Na" }, "opportunity");

        Assert.Equal([(ViolationKind.EntryCriterion, "close_date_set", "opportunity")], Blocking(decision));
        Assert.Equal("close_date", decision.Blocking[0].Field);
    }

    [Fact]
    public void Decide_ToWon_NeedsTheLastOpenStagesExitCriteria()
    {
        var blocked = Move(new { name = "x", stage = "opportunity" }, "won");
        var allowed = Move(new { name = "x", stage = "opportunity", contract_signed = true }, "won");

        Assert.Equal([(ViolationKind.ExitCriterion, "contract_received", "opportunity")], Blocking(blocked));
        Assert.True(allowed.Allowed);
    }

    [Fact]
    public void Decide_Backward_IsAllowedWithoutCriteria()
    {
        var decision = Move(new { name = "x", stage = "opportunity" }, "mql");

        Assert.True(decision.Allowed);
        Assert.True(decision.IsBackward);
        Assert.Empty(decision.StagesPassed);
    }

    [Fact]
    public void Decide_SameStage_IsAllowed()
    {
        Assert.True(Move(new { name = "x", stage = "sql" }, "sql").Allowed);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("mql")]
    [InlineData("opportunity")]
    public void Decide_LostFromAnyOpenStage_NeedsOnlyLostsRequiredFields(string from)
    {
        var blocked = Move(new { name = "x", stage = from }, "lost");
        var allowed = Move(new { name = "x", stage = from, lost_reason = "price" }, "lost");

        var violation = Assert.Single(blocked.Blocking);
        Assert.Equal((ViolationKind.RequiredField, "lost_reason", "lost"), (violation.Kind, violation.Rule, violation.Stage));
        Assert.Equal("Lost reason is required to enter stage Lost.", violation.MessageIn("en"));
        Assert.True(allowed.Allowed);
        Assert.Empty(allowed.StagesPassed);
    }

    [Fact]
    public void Decide_LostWithUnmetEntryCriterion_IsBlocked()
    {
        var blocked = Move(new { name = "x", stage = "sql", lost_reason = "other" }, "lost");
        var allowed = Move(new { name = "x", stage = "sql", lost_reason = "other", lost_detail = "Budget moved to 2027." }, "lost");

        Assert.Equal([(ViolationKind.EntryCriterion, "other_reason_explained", "lost")], Blocking(blocked));
        Assert.True(allowed.Allowed);
    }

    [Fact]
    public void Decide_WonBackToOpenByARep_IsBlocked()
    {
        var decision = Move(new { name = "x", stage = "won" }, "opportunity", Users.Rep);

        var violation = Assert.Single(decision.Blocking);
        Assert.Equal(ViolationKind.Transition, violation.Kind);
        Assert.Equal("reopen_forbidden", violation.Rule);
        Assert.Equal("Won is a closed stage; only a user with role manager can reopen the record.", violation.MessageIn("en"));
    }

    [Fact]
    public void Decide_WonBackToOpenByTheReopenRole_IsAllowed()
    {
        var decision = Move(new { name = "x", stage = "won" }, "opportunity", Users.Manager);

        Assert.True(decision.Allowed);
        Assert.True(decision.IsBackward);
    }

    [Fact]
    public void Decide_WonToLost_IsBlockedEvenForTheReopenRole()
    {
        var decision = Move(new { name = "x", stage = "won", lost_reason = "price" }, "lost", Users.Manager);

        Assert.Equal("closed", Assert.Single(decision.Blocking).Rule);
    }

    [Fact]
    public void Decide_UnknownTargetStage_IsBlocked()
    {
        var decision = Move(new { name = "x", stage = "lead" }, "heaven");

        var violation = Assert.Single(decision.Blocking);
        Assert.Equal((ViolationKind.Transition, "unknown_stage"), (violation.Kind, violation.Rule));
        Assert.Equal("There is no stage 'heaven'.", violation.MessageIn("en"));
        Assert.Equal("不存在阶段“heaven”。", violation.MessageIn("zh-CN"));
    }

    [Fact]
    public void Decide_UnknownFromStage_IsBlocked()
    {
        var after = TestRecord.Bind(Deal, new { name = "x" });

        var decision = StageDecisionService.Decide(Deal, after, after, "mql", Users.Rep, Clock.Now, fromStage: "limbo");

        Assert.Equal("unknown_stage", Assert.Single(decision.Blocking).Rule);
        Assert.Null(decision.From);
    }

    [Fact]
    public void Decide_NewRecordCreatedInALaterStage_PassesTheSameGates()
    {
        var after = TestRecord.Bind(Deal, new { name = "x", source = "web" });

        var decision = StageDecisionService.Decide(Deal, null, after, "sql", Users.Rep, Clock.Now);

        Assert.Equal("lead", decision.From);
        Assert.Equal(["lead", "mql"], decision.StagesPassed);
        Assert.Equal(["icp_checked", "amount", "budget_known"], decision.Blocking.Select(v => v.Rule));
    }

    [Fact]
    public void Decide_FormulaIsComputedForTheTargetStageBeforeCriteriaRun()
    {
        var obj = PackageBuilder.Minimal().EditObject("deal", o =>
            JsonEdit.Stage(o, "opportunity")["entryCriteria"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "worth_it",
                ["expression"] = "record.weighted_amount >= 6000",
                ["message"] = "Weighted amount at the opportunity stage must be at least 6,000.",
            })).Compile().Object("deal")!;
        var record = TestRecord.Bind(obj, new { name = "x", stage = "sql", decision_maker = "Li", close_date = "2026-06-30", amount = 10000 });

        // 10,000 × 60% (opportunity) = 6,000; at sql's 30% it would be 3,000 and the move would be blocked.
        var decision = StageDecisionService.Decide(obj, record, record, "opportunity", Users.Rep, Clock.Now);

        Assert.True(decision.Allowed, string.Join("; ", decision.Blocking.Select(v => v.Rule)));
    }

    [Fact]
    public void Decide_ThrowingExitCriterion_BlocksWithItsError()
    {
        var obj = PackageBuilder.Minimal().EditObject("deal", o =>
            JsonEdit.Stage(o, "mql")["exitCriteria"]![0]!["expression"] = "record.amount > old.amount").Compile().Object("deal")!;
        var after = TestRecord.Bind(obj, new { name = "x", stage = "mql", amount = 10 });

        var decision = StageDecisionService.Decide(obj, null, after, "sql", Users.Rep, Clock.Now, fromStage: "mql");

        var violation = Assert.Single(decision.Blocking);
        Assert.Equal("budget_known", violation.Rule);
        Assert.NotNull(violation.Error);
    }

    [Fact]
    public void Decide_ObjectWithoutPipeline_Throws()
    {
        var account = Fixtures.Minimal.Object("account")!;

        Assert.Throws<InvalidOperationException>(() =>
            StageDecisionService.Decide(account, null, RecordValues.Empty, "lead", Users.Rep, Clock.Now));
    }
}
