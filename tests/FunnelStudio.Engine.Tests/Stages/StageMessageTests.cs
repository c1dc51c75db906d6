using FunnelStudio.Stages;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Stages;

/// <summary>Every blocking reason reads in English and in Simplified Chinese, with labels in that language.</summary>
public class StageMessageTests
{
    private static StageDecision Move(object record, string to) =>
        StageDecisionService.Decide(Fixtures.Deal, null, TestRecord.Bind(Fixtures.Deal, record), to, Users.Rep, Clock.Now,
            fromStage: "lead");

    [Fact]
    public void Decide_RequiredFieldToLeave_ReadsInEnglishAndChinese()
    {
        var violation = Move(new { name = "x", icp_fit = true }, "mql").Blocking.Single();

        Assert.Equal("Lead source is required to leave stage Lead.", violation.MessageIn("en"));
        Assert.Equal("离开阶段“线索”前必须填写线索来源。", violation.MessageIn("zh-CN"));
    }

    [Fact]
    public void Decide_ExitCriterion_UsesTheAdminsMessageInEachLanguage()
    {
        var violation = Move(new { name = "x", source = "web" }, "mql").Blocking.Single();

        Assert.Equal("Confirm the lead fits the ideal customer profile.", violation.MessageIn("en"));
        Assert.Equal("请确认线索符合目标客户画像。", violation.MessageIn("zh-CN"));
        Assert.Equal("请确认线索符合目标客户画像。", violation.MessageIn("zh"));
    }

    [Fact]
    public void Decide_ReopenForbidden_ReadsInChinese()
    {
        var after = TestRecord.Bind(Fixtures.Deal, new { name = "x", stage = "lost" });

        var violation = StageDecisionService.Decide(Fixtures.Deal, after, after, "lead", Users.Rep, Clock.Now).Blocking.Single();

        Assert.Equal("“输单”是结束阶段，只有manager角色的用户可以重新打开记录。", violation.MessageIn("zh-CN"));
        Assert.Equal("Lost is a closed stage; only a user with role manager can reopen the record.", violation.MessageIn("en"));
    }
}
