using FunnelStudio.Rules;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>
/// Expressions that compile but can only fail or leak at run time are refused when the package loads
/// (FS1109); what still fails at run time is a refusal in plain words, never an exception's text.
/// </summary>
public class SafeExpressionTests
{
    [Theory]
    [InlineData("user.roles[99] == \"x\"", "indexing")]
    [InlineData("record.tags[0] == \"vip\"", "indexing")]
    [InlineData("(\"\" + record) != \"\"", "the record")]
    [InlineData("(\"\" + old) != \"\"", "the record")]
    [InlineData("(user + \"\") != \"\"", "the user")]
    [InlineData("(\"tags: \" + record.tags) != \"\"", "a list")]
    [InlineData("(\"closes \" + record.close_date) != \"\"", "a date")]
    public void Load_IndexingOrJoiningTextWithAnObject_IsRefusedWithFS1109(string expression, string named)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1109", Error, "objects/deal.json", "$.validationRules[1].expression");
        Assert.Contains(named, d.Message);
        Assert.Contains("'probe'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_TextFormulaJoiningTheRecord_IsRefusedWithFS1109()
    {
        var result = RuleHarness.LoadWithFormula("\"\" + record", "text");

        Assert.Contains("the record", DiagnosticAssert.Single(result, "FS1109").Message);
        DiagnosticAssert.Refused(result);
    }

    [Theory]
    [InlineData("Fn.Coalesce(record.name, \"\") + \" (\" + Fn.Coalesce(record.source, \"-\") + \")\"", "Acme (web)")]
    [InlineData("\"Deal \" + record.name + \" \" + record.amount", "Deal Acme 1200")]
    [InlineData("\"fit: \" + record.icp_fit", "fit: True")]
    public void TextFormula_JoiningTextNumbersAndBooleans_StillWorks(string expression, string expected) =>
        Assert.Equal(expected, RuleHarness.Formula(expression, "text", new { name = "Acme", source = "web", amount = 1200, icp_fit = true }));

    [Fact]
    public void Evaluate_RuleThatThrows_SaysSoInPlainWords_AndKeepsTheDetailForAdmins()
    {
        var obj = PackageBuilder.Minimal().WithRule("deal", "per_point", "record.amount / record.discount > 1").Compile().Object("deal")!;

        var violation = Assert.Single(RecordValidator.Validate(RuleHarness.Evaluate(obj, new { name = "x", amount = 10, discount = 0 })));

        Assert.Equal("Rule per_point could not be evaluated.", violation.MessageIn("en"));
        Assert.Equal("规则 per_point 无法计算。", violation.MessageIn("zh-CN"));
        Assert.Contains("DivideByZeroException", violation.Error);
    }

    [Fact]
    public void Evaluate_RuleReadingAnEmptyValue_SaysWhichKindOfProblem()
    {
        var obj = PackageBuilder.Minimal().WithRule("deal", "grows", "record.amount.Value > 0").Compile().Object("deal")!;

        var violation = Assert.Single(RecordValidator.Validate(RuleHarness.Evaluate(obj, new { name = "x" })));

        Assert.Equal("Rule grows could not be evaluated: a value it reads is empty.", violation.MessageIn("en"));
        Assert.DoesNotContain("Nullable", violation.MessageIn("en"));
    }

    [Fact]
    public void Evaluate_FormulaThatOverflows_IsAFormulaErrorWithoutTheExceptionText()
    {
        var obj = PackageBuilder.Minimal().WithFormula("deal", "squared", "record.amount * record.amount", "number").Compile().Object("deal")!;

        var evaluation = RuleHarness.Evaluate(obj, new { name = "x", amount = 1_000_000_000_000_000m });

        var error = Assert.Single(evaluation.FormulaErrors);
        Assert.Null(evaluation.Values["squared"]);
        Assert.Equal("Formula squared could not be computed.", error.MessageIn("en"));
        Assert.Equal("公式 squared 无法计算。", error.MessageIn("zh-CN"));
        Assert.Contains("OverflowException", error.Error);
    }

    [Fact]
    public void Evaluate_NumericFormulaBeyondItsTypeRange_IsAFormulaError()
    {
        var obj = PackageBuilder.Minimal().WithFormula("deal", "tenfold", "record.amount * 10", "currency").Compile().Object("deal")!;

        var evaluation = RuleHarness.Evaluate(obj, new { name = "x", amount = 1_000_000_000_000_000m });

        var error = Assert.Single(evaluation.FormulaErrors);
        Assert.Null(evaluation.Values["tenfold"]);
        Assert.Equal("Formula tenfold gives a number outside the allowed range (-1,000,000,000,000,000 to 1,000,000,000,000,000).", error.MessageIn("en"));
    }

    [Fact]
    public void Evaluate_TextFormulaLongerThanTenThousandCharacters_IsAFormulaError()
    {
        var obj = PackageBuilder.Minimal().WithFormula("deal", "echo", "Fn.Coalesce(record.lost_detail, \"\") + \"!\"", "text").Compile().Object("deal")!;

        var fits = RuleHarness.Evaluate(obj, new { name = "x", lost_detail = new string('x', 9_999) });
        var tooLong = RuleHarness.Evaluate(obj, new { name = "x", lost_detail = new string('x', 10_000) });

        Assert.Empty(fits.FormulaErrors);
        Assert.Equal(10_000, ((string)fits.Values["echo"]!).Length);
        var error = Assert.Single(tooLong.FormulaErrors);
        Assert.Null(tooLong.Values["echo"]);
        Assert.Equal("Formula echo gives text longer than 10,000 characters.", error.MessageIn("en"));
    }
}
