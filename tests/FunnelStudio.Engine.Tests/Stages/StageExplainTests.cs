using FunnelStudio.Stages;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Stages;

/// <summary>The checklist beside a record: every criterion up to the target with ✓/✗, in the user's language.</summary>
public class StageExplainTests
{
    private static StageChecklist Explain(object record, string? to = null, string locale = "en") =>
        StageDecisionService.Explain(Fixtures.Deal, null, TestRecord.Bind(Fixtures.Deal, record), Users.Rep, Clock.Now, locale, to);

    [Fact]
    public void Explain_DefaultTarget_IsTheNextOpenStageWithEveryCriterion()
    {
        var checklist = Explain(new { name = "x", stage = "lead", source = "web" });

        Assert.Equal("lead", checklist.Current);
        Assert.Equal("mql", checklist.Target);
        Assert.Equal(
            [
                (ChecklistItemKind.RequiredField, "lead", "source", true),
                (ChecklistItemKind.ExitCriterion, "lead", "icp_checked", false),
            ],
            checklist.Items.Select(i => (i.Kind, i.Stage, i.Name, i.Passed)));
        Assert.False(checklist.Ready);
    }

    [Fact]
    public void Explain_FarTarget_ListsPassedAndFailedCriteriaOfEveryStage()
    {
        var checklist = Explain(new { name = "x", stage = "lead", source = "web", icp_fit = true, amount = 100, decision_maker = "Li" }, "won");

        Assert.Equal(
            [
                ("source", true), ("icp_checked", true),
                ("amount", true), ("budget_known", false),
                ("decision_maker_named", true),
                ("contract_received", false),
            ],
            checklist.Items.Select(i => (i.Name, i.Passed)));
        Assert.Equal("Confirm the budget.", checklist.Items.Single(i => i.Name == "budget_known").Message);
    }

    [Fact]
    public void Explain_EntryCriteriaOfTheTarget_AreListed()
    {
        var checklist = Explain(new { name = "x", stage = "sql", decision_maker = "Li" }, "opportunity");

        Assert.Equal(
            [(ChecklistItemKind.ExitCriterion, "decision_maker_named", true), (ChecklistItemKind.EntryCriterion, "close_date_set", false)],
            checklist.Items.Select(i => (i.Kind, i.Name, i.Passed)));
    }

    [Fact]
    public void Explain_InChinese_ShowsChineseMessagesForPassedAndFailedItems()
    {
        var checklist = Explain(new { name = "x", stage = "lead", icp_fit = true }, locale: "zh-CN");

        Assert.Equal(
            ["离开阶段“线索”前必须填写线索来源。", "请确认线索符合目标客户画像。"],
            checklist.Items.Select(i => i.Message));
        Assert.Equal([false, true], checklist.Items.Select(i => i.Passed));
    }

    [Fact]
    public void Explain_Lost_ListsItsRequiredFieldsAndEntryCriteria()
    {
        var checklist = Explain(new { name = "x", stage = "mql", lost_reason = "other" }, "lost");

        Assert.Equal(
            [(ChecklistItemKind.RequiredField, "lost_reason", true), (ChecklistItemKind.EntryCriterion, "other_reason_explained", false)],
            checklist.Items.Select(i => (i.Kind, i.Name, i.Passed)));
    }

    [Fact]
    public void Explain_AllMet_IsReady()
    {
        var checklist = Explain(new { name = "x", stage = "lead", source = "web", icp_fit = true });

        Assert.True(checklist.Ready);
        Assert.Equal(2, checklist.Items.Count);
    }

    [Fact]
    public void Explain_ClosedRecord_HasNothingToCheck()
    {
        var checklist = Explain(new { name = "x", stage = "won" });

        Assert.Equal("won", checklist.Current);
        Assert.Empty(checklist.Items);
    }

    [Fact]
    public void Explain_ThrowingCriterion_IsAFailedItemWithItsError()
    {
        var obj = PackageBuilder.Minimal().EditObject("deal", o =>
            JsonEdit.Stage(o, "lead")["exitCriteria"]![0]!["expression"] = "old.icp_fit").Compile().Object("deal")!;

        var checklist = StageDecisionService.Explain(obj, null, TestRecord.Bind(obj, new { name = "x", stage = "lead", icp_fit = true }),
            Users.Rep, Clock.Now, "en");

        var item = checklist.Items.Single(i => i.Name == "icp_checked");
        Assert.False(item.Passed);
        Assert.NotNull(item.Error);
        Assert.StartsWith("Rule icp_checked could not be evaluated", item.Message);
    }
}
