using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>FS1102–FS1106: expressions that name unknown things, do not compile or have the wrong type.</summary>
public class ExpressionDiagnosticsTests
{
    private const string RulePath = "$.validationRules[1].expression";
    private const string FormulaPath = "$.fields[15].expression";

    [Theory]
    [InlineData("record.amout > 0", "record.amout")]
    [InlineData("old.amout > 0", "old.amout")]
    [InlineData("user.email == \"\"", "user.email")]
    [InlineData("Fn.Changed(\"amout\")", "Fn.Changed(\"amout\")")]
    public void Load_RuleNamingUnknownField_ReportsFS1102(string expression, string named)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1102", Error, "objects/deal.json", RulePath);
        Assert.Contains(named, d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_FormulaNamingUnknownField_ReportsFS1102()
    {
        var result = RuleHarness.LoadWithFormula("record.price * 2", "number");

        var d = DiagnosticAssert.Has(result, "FS1102", Error, "objects/deal.json", FormulaPath);
        Assert.Contains("'price'", d.Message);
    }

    [Theory]
    [InlineData("record.source == \"webb\"", "webb")]
    [InlineData("\"webb\" != record.source", "webb")]
    [InlineData("Fn.In(record.source, \"web\", \"fair\")", "fair")]
    [InlineData("Fn.Contains(record.tags, \"gold\")", "gold")]
    [InlineData("record.stage == \"sqll\"", "sqll")]
    public void Load_UnknownPicklistOption_ReportsFS1103ListingTheOptions(string expression, string option)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1103", Error, "objects/deal.json", RulePath);
        Assert.Contains($"'{option}'", d.Message);
    }

    [Theory]
    [InlineData("record.amount >")]
    [InlineData("Fn.Len(record.name, 2) > 0")]
    [InlineData("record.name > 5")]
    public void Load_ExpressionThatDoesNotParse_ReportsFS1104(string expression)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1104", Error, "objects/deal.json", RulePath);
        Assert.Contains("does not compile", d.Message);
    }

    [Theory]
    [InlineData("record.amount", "a number")]
    [InlineData("record.name", "text")]
    [InlineData("record.close_date", "a date")]
    public void Load_RuleThatIsNotBoolean_ReportsFS1105(string expression, string gives)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1105", Error, "objects/deal.json", RulePath);
        Assert.Contains(gives, d.Message);
    }

    [Fact]
    public void Load_FormulaOfWrongType_ReportsFS1105()
    {
        var result = RuleHarness.LoadWithFormula("record.name", "number");

        var d = DiagnosticAssert.Has(result, "FS1105", Error, "objects/deal.json", FormulaPath);
        Assert.Contains("returns number", d.Message);
    }

    [Fact]
    public void Load_NullableBooleanRule_Compiles()
    {
        var result = RuleHarness.LoadWithRule("record.amount > 5");

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }

    [Fact]
    public void Load_FormulasInACycle_ReportsFS1106NamingTheCycle()
    {
        var result = PackageBuilder.Minimal()
            .WithFormula("deal", "net", "Fn.Coalesce(record.gross, 0) - 1", "number")
            .WithFormula("deal", "gross", "Fn.Coalesce(record.net, 0) + 1", "number")
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1106", Error, "objects/deal.json", "$.fields[15].expression");
        Assert.Contains("net → gross → net", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_FormulaReadingItself_ReportsFS1106()
    {
        var result = RuleHarness.LoadWithFormula("Fn.Coalesce(record.probe, 0) + 1", "number");

        DiagnosticAssert.Has(result, "FS1106", Error, "objects/deal.json", FormulaPath);
    }

    [Fact]
    public void Load_GroupWithOneBadChild_ReportsTheChildsPath()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Array(o, "validationRules").Add(new JsonObject
        {
            ["name"] = "qualified",
            ["message"] = "Qualify the deal.",
            ["any"] = new JsonArray(
                new JsonObject { ["name"] = "fit", ["expression"] = "record.icp_fit", ["message"] = "Fit." },
                new JsonObject { ["name"] = "bad", ["expression"] = "record.nope", ["message"] = "Bad." }),
        })).Load();

        DiagnosticAssert.Has(result, "FS1102", Error, "objects/deal.json", "$.validationRules[1].any[1].expression");
    }
}
