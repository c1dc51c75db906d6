using System.Text.Json.Nodes;
using FunnelStudio.Rules;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>A rule that throws counts as failed with its error, never as passed (gates fail closed).</summary>
public class RuleFailureTests
{
    [Fact]
    public void Evaluate_RuleReadingOldOnCreate_FailsWithAnError()
    {
        var result = RuleHarness.Rule("old.amount > 0", new { amount = 10 });

        Assert.False(result.Passed);
        Assert.NotNull(result.Error);
        Assert.Equal(EvaluationErrorKind.EmptyValue, result.Error.Kind);
        Assert.Contains("no old record on create", result.Error.Detail);
    }

    [Fact]
    public void Evaluate_SameRuleWithAnOldRecord_Passes()
    {
        var result = RuleHarness.Rule("old.amount > 0", new { amount = 10 }, old: new { amount = 5 });

        Assert.True(result.Passed);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Evaluate_RuleReadingValueOfEmptyNumber_FailsWithAnError()
    {
        var result = RuleHarness.Rule("record.amount.Value > 0", new { name = "x" });

        Assert.False(result.Passed);
        Assert.Equal("a value it reads is empty", result.Error?.Detail);
    }

    [Fact]
    public void Validate_ThrowingRule_IsAViolationCarryingTheError()
    {
        var obj = PackageBuilder.Minimal().WithRule("deal", "grows", "record.amount >= old.amount", "Amount may only grow.").Compile().Object("deal")!;

        var violations = RecordValidator.Validate(RuleHarness.Evaluate(obj, new { name = "x", amount = 10 }));

        var violation = Assert.Single(violations);
        Assert.Equal("grows", violation.Rule);
        Assert.Equal(ViolationKind.Validation, violation.Kind);
        Assert.NotNull(violation.Error);
        Assert.StartsWith("Rule grows could not be evaluated", violation.MessageIn("en"));
        Assert.StartsWith("规则 grows 无法计算", violation.MessageIn("zh-CN"));
    }

    [Fact]
    public void Passes_ThrowingRule_IsFalse()
    {
        var obj = PackageBuilder.Minimal().WithRule("deal", "grows", "record.amount >= old.amount").Compile().Object("deal")!;
        var evaluation = RuleHarness.Evaluate(obj, new { name = "x", amount = 10 });

        Assert.False(obj.ValidationRules.Single(r => r.Name == "grows").Passes(evaluation.Inputs));
    }

    [Fact]
    public void Evaluate_AllGroupWithAThrowingChild_FailsAndNamesIt()
    {
        var obj = WithGroup("all").Object("deal")!;
        var rule = obj.ValidationRules.Single(r => r.Name == "qualified");

        var result = rule.Evaluate(RuleHarness.Evaluate(obj, new { name = "x", icp_fit = true, amount = 10 }).Inputs);

        Assert.False(result.Passed);
        Assert.NotNull(result.Error);
        Assert.Equal(["grew"], result.FailedLeaves().Select(r => r.Rule.Name));
    }

    [Fact]
    public void Evaluate_AnyGroupWithAThrowingChildAndAPassingOne_Passes()
    {
        var obj = WithGroup("any").Object("deal")!;
        var rule = obj.ValidationRules.Single(r => r.Name == "qualified");
        var inputs = RuleHarness.Evaluate(obj, new { name = "x", icp_fit = true, amount = 10 }).Inputs;

        Assert.True(rule.Evaluate(inputs).Passed);
        Assert.True(rule.Passes(inputs));
    }

    [Fact]
    public void Evaluate_AnyGroupWhereOnlyTheThrowingChildCouldPass_Fails()
    {
        var obj = WithGroup("any").Object("deal")!;
        var rule = obj.ValidationRules.Single(r => r.Name == "qualified");

        var result = rule.Evaluate(RuleHarness.Evaluate(obj, new { name = "x", icp_fit = false, amount = 10 }).Inputs);

        Assert.False(result.Passed);
        Assert.Equal(["fit", "grew"], result.FailedLeaves().Select(r => r.Rule.Name));
    }

    private static CompiledPackage WithGroup(string mode) =>
        PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Array(o, "validationRules").Add(new JsonObject
        {
            ["name"] = "qualified",
            ["message"] = "Qualify the deal.",
            [mode] = new JsonArray(
                new JsonObject { ["name"] = "fit", ["expression"] = "record.icp_fit", ["message"] = "Fit." },
                new JsonObject { ["name"] = "grew", ["expression"] = "record.amount > old.amount", ["message"] = "Grew." }),
        })).Compile();
}
