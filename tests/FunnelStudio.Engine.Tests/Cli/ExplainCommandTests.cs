using System.Text.Json;
using FunnelStudio.Cli;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Cli;

[Collection(CliCollection.Name)]
public class ExplainCommandTests : IDisposable
{
    private readonly TempPackage _package = PackageBuilder.Minimal().Write();

    public void Dispose() => _package.Dispose();

    private string RecordFile(string json)
    {
        var path = _package.File($"record-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private CliResult Explain(string recordJson, string to, params string[] extra) =>
        CliRunner.Run(["explain", _package.Path, "--object", "deal", "--record", RecordFile(recordJson), "--to", to, .. extra]);

    [Fact]
    public void Explain_AllowedMove_ExitsZeroAndTicksEveryCriterion()
    {
        var result = Explain("""{ "name": "x", "stage": "lead", "source": "web", "icp_fit": true }""", "mql");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("lead → mql: allowed", result.Out);
        Assert.Contains("✓ lead source:", result.Out);
        Assert.Contains("✓ lead icp_checked:", result.Out);
    }

    [Fact]
    public void Explain_BlockedMove_ExitsThreeAndMarksTheUnmetCriteria()
    {
        var result = Explain("""{ "name": "x", "stage": "lead", "source": "web" }""", "mql");

        Assert.True(result.ExitCode == CliApp.Blocked, result.ToString());
        Assert.Contains("lead → mql: blocked", result.Out);
        Assert.Contains("✗ lead icp_checked: Confirm the lead fits the ideal customer profile.", result.Out);
    }

    [Fact]
    public void ExplainJson_ListsBlockingAndChecklist()
    {
        var result = Explain("""{ "name": "x", "stage": "lead" }""", "sql", "--format", "json");

        Assert.Equal(3, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(("lead", "sql", false),
            (root.GetProperty("from").GetString(), root.GetProperty("to").GetString(), root.GetProperty("allowed").GetBoolean()));
        Assert.Equal(["source", "icp_checked", "amount", "budget_known"],
            root.GetProperty("blocking").EnumerateArray().Select(b => b.GetProperty("rule").GetString()));
        Assert.Equal([false, false, false, false],
            root.GetProperty("checklist").EnumerateArray().Select(c => c.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public void Explain_InChinese_PrintsChineseMessages()
    {
        var result = Explain("""{ "name": "x", "stage": "lead", "icp_fit": true }""", "mql", "--locale", "zh-CN");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("离开阶段“线索”前必须填写线索来源。", result.Out);
    }

    [Fact]
    public void Explain_ReopenWithTheReopenRole_ExitsZero()
    {
        var rep = Explain("""{ "name": "x", "stage": "won" }""", "opportunity", "--role", "rep");
        var manager = Explain("""{ "name": "x", "stage": "won" }""", "opportunity", "--role", "manager");

        Assert.Equal(3, rep.ExitCode);
        Assert.Contains("reopen_forbidden", rep.Out);
        Assert.True(manager.ExitCode == 0, manager.ToString());
    }

    private const string UnpaidOpportunity =
        """{ "name": "x", "stage": "opportunity", "owner": "u-rep-1", "amount": 480000, "close_date": "2030-07-15", "demo_done": true, "decision_maker_feedback": "positive", "contract_signed": true }""";

    /// <summary>explain over the sample package, whose roles carry permissions.</summary>
    private CliResult ExplainSample(string recordJson, string to, params string[] extra) =>
        CliRunner.Run(["explain", Fixtures.SamplePackage("b2b-saas"), "--object", "deal", "--record", RecordFile(recordJson), "--to", to, .. extra]);

    [Fact]
    public void Explain_WithARoleThePackageLacks_IsAUsageErrorNamingTheRoles()
    {
        var result = ExplainSample(UnpaidOpportunity, "won", "--role", "rep", "--role", "sales");

        Assert.True(result.ExitCode == CliApp.Usage, result.ToString());
        Assert.Contains("no role 'sales'", result.Error);
        Assert.Contains("admin, manager, rep, finance", result.Error);
    }

    [Fact]
    public void Explain_AsARep_NamesTheFieldOnlyAnotherRoleMayWrite()
    {
        var result = ExplainSample(UnpaidOpportunity, "won", "--role", "rep", "--locale", "en");

        Assert.True(result.ExitCode == CliApp.Blocked, result.ToString());
        Assert.Contains("✗ won payment_received:", result.Out);
        Assert.Contains("✗ FIELD_FORBIDDEN:payment_confirmed: Payment confirmed by finance is not yours to change.", result.Out);
    }

    [Fact]
    public void ExplainJson_AsFinance_IsBlockedOnTheStageFieldItMayOnlyRead()
    {
        var result = ExplainSample(UnpaidOpportunity.Replace("\"contract_signed\": true", "\"contract_signed\": true, \"payment_confirmed\": true"),
            "won", "--role", "finance", "--format", "json");

        Assert.True(result.ExitCode == CliApp.Blocked, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var blocking = Assert.Single(doc.RootElement.GetProperty("blocking").EnumerateArray());
        Assert.Equal(("FIELD_FORBIDDEN:stage", "FIELD_FORBIDDEN", "stage"),
            (blocking.GetProperty("name").GetString(), blocking.GetProperty("code").GetString(), blocking.GetProperty("field").GetString()));
    }

    [Fact]
    public void Explain_AsARepForSomeoneElsesDeal_IsForbidden_AndForTheirOwnAllowed()
    {
        var paid = UnpaidOpportunity.Replace("\"contract_signed\": true", "\"contract_signed\": true, \"payment_confirmed\": true");

        var other = ExplainSample(paid, "won", "--role", "rep", "--user", "u-rep-2", "--locale", "en");
        var own = ExplainSample(paid, "won", "--role", "rep");

        Assert.True(other.ExitCode == CliApp.Blocked, other.ToString());
        Assert.Contains("✗ FORBIDDEN: This record belongs to someone else.", other.Out);
        Assert.True(own.ExitCode == CliApp.Ok, own.ToString());
    }

    [Fact]
    public void Explain_UnknownStage_ExitsThree()
    {
        var result = Explain("""{ "name": "x", "stage": "lead" }""", "heaven");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("There is no stage 'heaven'.", result.Out);
    }

    [Fact]
    public void Explain_MissingTarget_ExitsTwo()
    {
        var result = CliRunner.Run("explain", _package.Path, "--object", "deal", "--record", RecordFile("{}"));

        Assert.True(result.ExitCode == CliApp.Usage, result.ToString());
    }

    [Fact]
    public void Explain_ObjectWithoutPipeline_ExitsTwo()
    {
        var result = CliRunner.Run("explain", _package.Path, "--object", "account", "--record", RecordFile("{}"), "--to", "lead");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'account' is not an object with a pipeline", result.Error);
    }

    [Fact]
    public void Explain_RecordThatDoesNotBind_ExitsTwoNamingTheField()
    {
        var result = Explain("""{ "name": "x", "amount": "lots" }""", "mql");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("amount: Amount must be a number.", result.Error);
    }

    [Fact]
    public void Explain_UnreadableRecordFile_ExitsTwo()
    {
        var result = CliRunner.Run("explain", _package.Path, "--object", "deal", "--record", _package.File("missing.json"), "--to", "mql");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read", result.Error);
    }

    [Fact]
    public void Explain_InvalidPackage_ExitsOne()
    {
        using var bad = PackageBuilder.Minimal().EditPackage(p => p["version"] = "x").Write();

        var result = CliRunner.Run("explain", bad.Path, "--object", "deal", "--record", RecordFile("{}"), "--to", "mql");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FS1009", result.Out);
    }
}
