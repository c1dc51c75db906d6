using FunnelStudio.Loading;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>
/// Hostile expressions are refused when the package loads (FS1109, FS1110 for length), so no
/// compiled package exists that could run them.
/// </summary>
public class ExpressionGuardTests
{
    private const string RulePath = "$.validationRules[1].expression";

    [Theory]
    [InlineData("record.GetType().Assembly.Location == \"\"", "GetType")]
    [InlineData("Enumerable.Repeat(\"x\", 50000000).ToList().Count > 0", "Repeat")]
    [InlineData("\"a\".PadLeft(100000000).Length > 0", "PadLeft")]
    [InlineData("new deal() != null", "new")]
    [InlineData("new { a = 1 } != null", "new")]
    [InlineData("new System.Text.StringBuilder() != null", "new")]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\") == \"\"", "System")]
    [InlineData("typeof(string) != null", "typeof")]
    [InlineData("record.name.ToUpper() == \"X\"", "ToUpper")]
    [InlineData("record.name.Replace(\"a\", \"bbbbbbbbbb\") == \"\"", "Replace")]
    [InlineData("Enumerable.Range(0, 100000000).Count() > 0", "Range")]
    [InlineData("record.tags.Any(t => t == \"vip\")", "Any")]
    [InlineData("Math.Pow(10, 300) > 1", "Pow")]
    [InlineData("Convert.ToInt32(\"1\") == 1", "ToInt32")]
    [InlineData("Guid.NewGuid() != null", "NewGuid")]
    [InlineData("DateTime.Now > record.close_date", "Now")]
    [InlineData("record.name is string", "type tests")]
    public void Load_HostileRule_IsRefusedWithFS1109NamingWhatIsNotAllowed(string expression, string named)
    {
        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1109", Error, "objects/deal.json", RulePath);
        Assert.Contains(named, d.Message);
        Assert.Contains("'probe'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Theory]
    [InlineData("Enumerable.Repeat(\"x\", 50000000).ToList().Count > 0")]
    [InlineData("\"a\".PadLeft(100000000).Length > 0")]
    public void Load_UnboundedGenerator_IsNeverEvaluated(string expression)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = RuleHarness.LoadWithRule(expression);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        DiagnosticAssert.Single(result, "FS1109");
        Assert.Null(result.Package);
        // Evaluating either would allocate at least 200 MB; loading the package takes a few MB.
        Assert.True(allocated < 100_000_000, $"Loading allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void Load_FileAccessWithoutSystemPrefix_IsRefused()
    {
        var result = RuleHarness.LoadWithRule("File.ReadAllText(\"/etc/passwd\") == \"\"");

        var d = DiagnosticAssert.Has(result, "FS1104", Error, "objects/deal.json", RulePath);
        Assert.Contains("Unknown identifier 'File'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_ExpressionOf2001Characters_IsRefusedWithFS1110()
    {
        var expression = "record.name == \"" + new string('x', 2001 - 17) + "\"";
        Assert.Equal(2001, expression.Length);

        var result = RuleHarness.LoadWithRule(expression);

        var d = DiagnosticAssert.Has(result, "FS1110", Error, "objects/deal.json", RulePath);
        Assert.Contains("2,001", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_ExpressionOf2000Characters_Compiles()
    {
        var expression = "record.name == \"" + new string('x', 2000 - 17) + "\"";
        Assert.Equal(2000, expression.Length);

        var result = RuleHarness.LoadWithRule(expression);

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }

    [Fact]
    public void Load_ForbiddenWordInsideStringLiteral_IsAllowed()
    {
        var result = RuleHarness.LoadWithRule("record.decision_maker != \"new System typeof GetType\"");

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }

    [Fact]
    public void Load_HostileFormula_IsRefusedAtTheFormulasPath()
    {
        var result = RuleHarness.LoadWithFormula("record.GetType().Assembly.Location", "text");

        DiagnosticAssert.Has(result, "FS1109", Error, "objects/deal.json", "$.fields[15].expression");
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_HostileStageCriterion_IsRefusedAtTheCriterionsPath()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => JsonEdit.Stage(o, "sql")["exitCriteria"]![0]!["expression"] = "typeof(string) != null")
            .Load();

        DiagnosticAssert.Has(result, "FS1109", Error, "objects/deal.json", "$.pipeline.stages[2].exitCriteria[0].expression");
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_DeeplyNestedParentheses_IsRefusedInsteadOfOverflowingTheStack()
    {
        // 400 levels (804 characters) used to overflow a 1.5 MB stack inside the parser and kill the
        // process. Load on a 1 MB thread — the thread-pool default on Windows — to keep this honest.
        var expression = new string('(', 400) + "true" + new string(')', 400);
        LoadResult? result = null;
        var thread = new Thread(() => result = RuleHarness.LoadWithRule(expression), maxStackSize: 1024 * 1024);

        thread.Start();
        thread.Join();

        var d = DiagnosticAssert.Has(result!, "FS1109", Error, "objects/deal.json", RulePath);
        Assert.Contains("32 levels", d.Message);
    }

    [Fact]
    public void Load_NestingOf32Levels_Compiles()
    {
        var expression = new string('(', 32) + "record.icp_fit" + new string(')', 32);

        var result = RuleHarness.LoadWithRule(expression);

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }

    [Fact]
    public void Load_NestingOf33Levels_IsRefused()
    {
        var expression = new string('(', 33) + "record.icp_fit" + new string(')', 33);

        var result = RuleHarness.LoadWithRule(expression);

        DiagnosticAssert.Has(result, "FS1109", Error, "objects/deal.json", RulePath);
    }
}
