using FunnelStudio.Rules;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>
/// Every allow-listed <see cref="Fn"/> function, compiled into a real rule or formula and run with
/// values. The clock is the rule's <c>now</c> (2026-03-10 15:30 UTC), never the machine's.
/// </summary>
public class FnTests
{
    private static bool Passes(string expression, object record, object? old = null) =>
        RuleHarness.Rule(expression, record, old).Passed;

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("Zhang Wei", false)]
    public void IsBlank_Text_IsTrueForNullEmptyAndWhitespace(string? value, bool blank)
    {
        Assert.Equal(blank, Passes("Fn.IsBlank(record.decision_maker)", new { decision_maker = value }));
    }

    [Fact]
    public void IsBlank_OtherTypes_TreatsOnlyAbsentValuesAsBlank()
    {
        Assert.True(Passes("Fn.IsBlank(record.amount)", new { name = "x" }));
        Assert.False(Passes("Fn.IsBlank(record.amount)", new { amount = 0 }));
        Assert.True(Passes("Fn.IsBlank(record.close_date)", new { name = "x" }));
        Assert.False(Passes("Fn.IsBlank(record.close_date)", new { close_date = "2026-04-01" }));
        Assert.True(Passes("Fn.IsBlank(record.tags)", new { tags = Array.Empty<string>() }));
        Assert.False(Passes("Fn.IsBlank(record.tags)", new { tags = new[] { "vip" } }));
        Assert.True(Passes("Fn.IsBlank(record.icp_fit)", new { icp_fit = false }));
        Assert.False(Passes("Fn.IsBlank(record.icp_fit)", new { icp_fit = true }));
    }

    [Theory]
    [InlineData("Hello", 5)]
    [InlineData("商机名称", 4)]
    [InlineData(null, 0)]
    public void Len_CountsCharactersAndIsZeroForEmpty(string? value, int length)
    {
        Assert.Equal((decimal)length, RuleHarness.Formula("Fn.Len(record.decision_maker)", "number", new { decision_maker = value }));
    }

    [Fact]
    public void Today_IsTheDateOfTheRulesClockNotTheMachines()
    {
        var today = RuleHarness.Formula("Fn.Today()", "date", new { name = "x" });

        Assert.Equal(new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc), today);
        Assert.True(Passes("record.close_date == Fn.Today()", new { close_date = "2026-03-10" }));
        Assert.False(Passes("record.close_date == Fn.Today()", new { close_date = "2026-03-11" }));
    }

    [Theory]
    [InlineData("2026-03-01T15:30:00Z", 9)]
    [InlineData("2026-03-01T16:00:00Z", 8)] // 8.98 days: whole days only
    [InlineData("2026-03-10T15:30:00Z", 0)]
    [InlineData("2026-03-12T15:30:00Z", -2)]
    public void DaysSince_CountsWholeDaysUntilNow(string when, int days)
    {
        Assert.Equal((decimal)days, RuleHarness.Formula("Fn.DaysSince(record.first_contact_at)", "number", new { first_contact_at = when }));
    }

    [Fact]
    public void DaysSince_OfEmptyDate_IsEmptyAndComparisonsFail()
    {
        Assert.Null(RuleHarness.Formula("Fn.DaysSince(record.first_contact_at)", "number", new { name = "x" }));
        Assert.False(Passes("Fn.DaysSince(record.first_contact_at) > 3", new { name = "x" }));
        Assert.True(Passes("Fn.DaysSince(record.first_contact_at) > 3", new { first_contact_at = "2026-03-01T00:00:00Z" }));
    }

    [Theory]
    [InlineData("2026-03-01T23:59:00Z", "2026-03-05", 4)] // counts calendar dates, not hours
    [InlineData("2026-03-05T00:00:00Z", "2026-03-01", -4)]
    [InlineData("2026-03-05T08:00:00Z", "2026-03-05", 0)]
    public void DaysBetween_CountsCalendarDays(string from, string to, int days)
    {
        var value = RuleHarness.Formula("Fn.DaysBetween(record.first_contact_at, record.close_date)", "number",
            new { first_contact_at = from, close_date = to });

        Assert.Equal((decimal)days, value);
    }

    [Fact]
    public void DaysBetween_WithAnEmptyDate_IsEmpty()
    {
        Assert.Null(RuleHarness.Formula("Fn.DaysBetween(record.first_contact_at, record.close_date)", "number", new { close_date = "2026-03-05" }));
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("referral", true)]
    [InlineData("event", false)]
    [InlineData(null, false)]
    public void In_IsTrueWhenTheValueIsOneOfTheOptions(string? source, bool expected)
    {
        Assert.Equal(expected, Passes("Fn.In(record.source, \"web\", \"referral\")", new { source }));
    }

    [Fact]
    public void In_WithEightOptions_ChecksTheLastOne()
    {
        Assert.True(Fn.In("h", "a", "b", "c", "d", "e", "f", "g", "h"));
        Assert.False(Fn.In("z", "a", "b", "c", "d", "e", "f", "g", "h"));
        Assert.True(Fn.In("e", "a", "b", "c", "d", "e"));
    }

    [Fact]
    public void Contains_OnMultiPicklist_LooksForTheOption()
    {
        Assert.True(Passes("Fn.Contains(record.tags, \"vip\")", new { tags = new[] { "partner", "vip" } }));
        Assert.False(Passes("Fn.Contains(record.tags, \"vip\")", new { tags = new[] { "partner" } }));
        Assert.False(Passes("Fn.Contains(record.tags, \"vip\")", new { name = "x" }));
    }

    [Fact]
    public void Contains_OnText_IgnoresCase()
    {
        Assert.True(Passes("Fn.Contains(record.decision_maker, \"cio\")", new { decision_maker = "Zhang Wei (CIO)" }));
        Assert.False(Passes("Fn.Contains(record.decision_maker, \"cfo\")", new { decision_maker = "Zhang Wei (CIO)" }));
        Assert.False(Passes("Fn.Contains(record.decision_maker, \"cio\")", new { name = "x" }));
    }

    [Fact]
    public void Contains_OnUserRoles_SeesTheActingUser()
    {
        var rule = "Fn.Contains(user.roles, \"manager\")";

        Assert.True(RuleHarness.Rule(rule, new { name = "x" }, user: Users.Manager).Passed);
        Assert.False(RuleHarness.Rule(rule, new { name = "x" }, user: Users.Rep).Passed);
    }

    [Fact]
    public void Coalesce_ReturnsTheFallbackOnlyWhenEmpty()
    {
        Assert.Equal(7m, RuleHarness.Formula("Fn.Coalesce(record.amount, 7)", "number", new { name = "x" }));
        Assert.Equal(0m, RuleHarness.Formula("Fn.Coalesce(record.amount, 7)", "number", new { amount = 0 }));
        Assert.Equal("nobody", RuleHarness.Formula("Fn.Coalesce(record.decision_maker, \"nobody\")", "text", new { decision_maker = (string?)null }));
        Assert.Equal("Li Na", RuleHarness.Formula("Fn.Coalesce(record.decision_maker, \"nobody\")", "text", new { decision_maker = "Li Na" }));
        Assert.Equal(new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc),
            RuleHarness.Formula("Fn.Coalesce(record.close_date, Fn.Today())", "date", new { name = "x" }));
    }

    [Fact]
    public void Changed_ComparesWithTheOldRecord()
    {
        const string rule = "Fn.Changed(\"amount\")";

        Assert.True(Passes(rule, new { amount = 6 }, old: new { amount = 5 }));
        Assert.False(Passes(rule, new { amount = 5 }, old: new { amount = 5 }));
        Assert.True(Passes(rule, new { name = "x" }, old: new { amount = 5 }));
        Assert.True(Passes(rule, new { amount = 5 }, old: new { name = "x" }));
    }

    [Fact]
    public void Changed_OnCreate_IsTrueWhenTheFieldIsSet()
    {
        Assert.True(Passes("Fn.Changed(\"amount\")", new { amount = 5 }));
        Assert.False(Passes("Fn.Changed(\"amount\")", new { name = "x" }));
        Assert.False(Passes("Fn.Changed(\"icp_fit\")", new { icp_fit = false }));
        Assert.True(Passes("Fn.Changed(\"icp_fit\")", new { icp_fit = true }));
    }

    [Fact]
    public void Changed_OnMultiPicklist_ComparesTheOptions()
    {
        const string rule = "Fn.Changed(\"tags\")";

        Assert.False(Passes(rule, new { tags = new[] { "vip" } }, old: new { tags = new[] { "vip" } }));
        Assert.True(Passes(rule, new { tags = new[] { "vip", "partner" } }, old: new { tags = new[] { "vip" } }));
    }

    [Theory]
    [InlineData("lead", 5)]
    [InlineData("sql", 30)]
    [InlineData("won", 100)]
    [InlineData("lost", 0)]
    public void StageProbability_ReadsThePipeline(string stage, int probability)
    {
        Assert.Equal((decimal)probability, RuleHarness.Formula("Fn.StageProbability(record.stage)", "percent", new { stage }));
    }

    [Fact]
    public void StageProbability_OfNoStage_IsZero()
    {
        Assert.Equal(0m, RuleHarness.Formula("Fn.StageProbability(record.stage)", "percent", new { name = "x" }));
        Assert.Equal(60m, RuleHarness.Formula("Fn.StageProbability(\"opportunity\")", "percent", new { name = "x" }));
    }

    [Fact]
    public void FunctionsNeedingACompiledRule_ThrowWhenCalledDirectly()
    {
        Assert.Throws<InvalidOperationException>(() => Fn.Changed("amount"));
        Assert.Throws<InvalidOperationException>(() => Fn.StageProbability("sql"));
    }
}
