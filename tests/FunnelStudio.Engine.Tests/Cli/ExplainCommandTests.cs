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
