using FunnelStudio.Rules;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>Object-level checks on save: required fields and every validation rule, all reported.</summary>
public class RecordValidatorTests
{
    [Fact]
    public void Validate_ValidRecord_HasNoViolations()
    {
        var violations = RecordValidator.Validate(RuleHarness.Evaluate(Fixtures.Deal, new { name = "Acme renewal", discount = 10 }));

        Assert.Empty(violations);
    }

    [Fact]
    public void Validate_MissingRequiredFieldAndFailedRule_ReportsBoth()
    {
        var violations = RecordValidator.Validate(RuleHarness.Evaluate(Fixtures.Deal, new { name = "  ", discount = 40 }, user: Users.Rep));

        Assert.Equal(2, violations.Count);
        var required = Assert.Single(violations, v => v.Kind == ViolationKind.RequiredField);
        Assert.Equal("name", required.Field);
        Assert.Equal("Deal name is required.", required.MessageIn("en"));
        Assert.Equal("商机名称为必填项。", required.MessageIn("zh-CN"));
        var rule = Assert.Single(violations, v => v.Kind == ViolationKind.Validation);
        Assert.Equal("discount_needs_manager", rule.Rule);
        Assert.Equal("discount", rule.Field);
        Assert.Equal("A discount above 30% needs a sales manager.", rule.MessageIn("en"));
        Assert.Equal("折扣超过 30% 须由销售经理设置。", rule.MessageIn("zh-CN"));
        Assert.Null(rule.Error);
    }

    [Fact]
    public void Validate_RuleDependingOnTheUsersRole_PassesForTheRole()
    {
        var violations = RecordValidator.Validate(RuleHarness.Evaluate(Fixtures.Deal, new { name = "x", discount = 40 }, user: Users.Manager));

        Assert.Empty(violations);
    }
}
