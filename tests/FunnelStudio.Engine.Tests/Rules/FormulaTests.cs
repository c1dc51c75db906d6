using System.Text.Json.Nodes;
using FunnelStudio.Rules;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>Formulas are computed, in dependency order, before any rule sees the record.</summary>
public class FormulaTests
{
    [Fact]
    public void Evaluate_ComputesFormulaFromTheRecordsStage()
    {
        var evaluation = RuleHarness.Evaluate(Fixtures.Deal, new { name = "x", amount = 200000, stage = "sql" });

        Assert.Equal(60000m, evaluation.Values["weighted_amount"]);
        Assert.Empty(evaluation.FormulaErrors);
    }

    [Fact]
    public void Validate_RuleReadingAFormula_SeesTheComputedValue()
    {
        var obj = PackageBuilder.Minimal()
            .WithRule("deal", "big_enough", "record.weighted_amount >= 30000", "Weighted amount too small.")
            .Compile().Object("deal")!;

        var passing = RecordValidator.Validate(RuleHarness.Evaluate(obj, new { name = "x", amount = 100000, stage = "sql" }));
        var failing = RecordValidator.Validate(RuleHarness.Evaluate(obj, new { name = "x", amount = 100000, stage = "lead" }));

        Assert.Empty(passing);
        Assert.Equal(["big_enough"], failing.Select(v => v.Rule));
    }

    [Fact]
    public void Evaluate_FormulaValuePassedInByTheCaller_IsRecomputed()
    {
        var evaluation = RuleHarness.Evaluate(Fixtures.Deal, new { name = "x", amount = 1000, stage = "won", weighted_amount = 1 });

        Assert.Equal(1000m, evaluation.Values["weighted_amount"]);
    }

    [Fact]
    public void Evaluate_FormulaDeclaredBeforeTheFormulaItReads_RunsAfterIt()
    {
        var obj = PackageBuilder.Minimal().EditObject("deal", o => o["fields"]!.AsArray().Insert(0, new JsonObject
        {
            ["name"] = "commission",
            ["type"] = "formula",
            ["returns"] = "currency",
            ["expression"] = "Fn.Coalesce(record.weighted_amount, 0) / 10",
        })).Compile().Object("deal")!;

        var evaluation = RuleHarness.Evaluate(obj, new { name = "x", amount = 100000, stage = "opportunity" });

        Assert.Equal(["weighted_amount", "commission"], obj.Formulas.Select(f => f.Field.Name));
        Assert.Equal(6000m, evaluation.Values["commission"]);
    }

    [Fact]
    public void Evaluate_FormulaThatThrows_IsAFormulaViolationAndLeavesTheValueEmpty()
    {
        var obj = PackageBuilder.Minimal().WithFormula("deal", "per_point", "record.amount / record.discount", "number").Compile().Object("deal")!;

        var evaluation = RuleHarness.Evaluate(obj, new { name = "x", amount = 100, discount = 0 });
        var violations = RecordValidator.Validate(evaluation);

        Assert.Null(evaluation.Values["per_point"]);
        var error = Assert.Single(evaluation.FormulaErrors);
        Assert.Equal(ViolationKind.Formula, error.Kind);
        Assert.Equal("per_point", error.Field);
        Assert.NotNull(error.Error);
        Assert.Contains(violations, v => v.Kind == ViolationKind.Formula && v.Rule == "per_point");
        Assert.StartsWith("Formula per_point could not be computed", error.MessageIn("en"));
    }

    [Fact]
    public void Evaluate_NumericFormulaIntoInteger_ConvertsToDecimal()
    {
        Assert.Equal(42m, RuleHarness.Formula("40 + 2", "number", new { name = "x" }));
        Assert.Equal(true, RuleHarness.Formula("record.amount > 5", "boolean", new { amount = 6 }));
        Assert.Equal(false, RuleHarness.Formula("record.amount > 5", "boolean", new { name = "x" }));
    }
}
