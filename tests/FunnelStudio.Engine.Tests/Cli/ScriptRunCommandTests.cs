using System.Text.Json;
using FunnelStudio.Cli;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Cli;

/// <summary>
/// <c>funnelstudio script run</c> on the <c>scripted</c> fixture, whose deal hooks set <c>score</c>
/// from the amount, refuse a discount above 20% and never end for a deal named "spin".
/// </summary>
[Collection(CliCollection.Name)]
public class ScriptRunCommandTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    private CliResult Run(string recordJson, params string[] extra)
    {
        var record = _files.File($"record-{Guid.NewGuid():N}.json");
        File.WriteAllText(record, recordJson);
        return CliRunner.Run(["script", "run", Fixtures.Folder("scripted"), "--hook", "beforeSave", "--object", "deal", "--record", record, .. extra]);
    }

    [Fact]
    public void ScriptRun_HooksAccept_ExitsZeroAndPrintsTheChangeAndLogs()
    {
        var result = Run("""{ "name": "Acme", "amount": 4000 }""");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("deal beforeSave as admin: 3 hook(s) (offline: ctx.query answers [])", result.Out);
        Assert.Contains("set score = 40 (scripts/deal.js#score)", result.Out);
        Assert.Contains("log scoring Acme", result.Out);
        Assert.Matches(@"ms, [1-9][0-9,]* statements", result.Out);
    }

    [Fact]
    public void ScriptRunJson_HooksAccept_HasChangesErrorsLogsDurationAndStatements()
    {
        var result = Run("""{ "name": "Acme", "amount": 4000 }""", "--format", "json");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(40, root.GetProperty("changes").GetProperty("score").GetDecimal());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Equal(["scoring Acme"], root.GetProperty("logs").EnumerateArray().Select(l => l.GetString()));
        Assert.True(root.GetProperty("durationMs").GetDouble() >= 0);
        Assert.True(root.GetProperty("statements").GetInt64() > 0);
    }

    [Fact]
    public void ScriptRun_HookAddsError_ExitsOneWithTheFieldAndMessage()
    {
        var result = Run("""{ "name": "Acme", "discount": 30 }""", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("refused", "discount", "Discounts above 20% need approval.", "scripts/deal.js#guardDiscount"),
            (error.GetProperty("kind").GetString(), error.GetProperty("field").GetString(), error.GetProperty("message").GetString(),
                error.GetProperty("hook").GetString()));
        // The hook before the refusing one still ran and set its value.
        Assert.True(doc.RootElement.GetProperty("changes").TryGetProperty("score", out _));
    }

    [Fact]
    public void ScriptRun_EndlessLoop_ExitsFourWithTheLimitAtFileLineColumn()
    {
        var result = Run("""{ "name": "spin" }""");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Matches(@"failed scripts/deal\.js:\d+:\d+: The script ran (more than its limit of 10,000 statements|longer than its limit)", result.Out);
    }

    [Fact]
    public void ScriptRunJson_EndlessLoop_ErrorHasKindAndLocation()
    {
        var result = Run("""{ "name": "spin" }""", "--format", "json");

        Assert.True(result.ExitCode == CliApp.ScriptFailed, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Contains(error.GetProperty("kind").GetString(), new[] { "Statements", "Timeout" });
        Assert.Matches(@"^scripts/deal\.js:\d+:\d+$", error.GetProperty("location").GetString());
        Assert.Equal("scripts/deal.js#spin", error.GetProperty("hook").GetString());
    }

    [Fact]
    public void ScriptRun_RoleThatMayNotWriteTheField_ExitsFourWithTheRefusedSet()
    {
        var result = Run("""{ "name": "Acme", "amount": 4000 }""", "--role", "rep");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Matches(@"failed scripts/deal\.js:4:\d+: .*the user may not write 'score'", result.Out);
    }

    [Fact]
    public void ScriptRun_UnknownRole_IsAUsageError()
    {
        var result = Run("""{ "name": "Acme" }""", "--role", "nobody");

        Assert.Equal(CliApp.Usage, result.ExitCode);
        Assert.Contains("the package defines no role 'nobody'", result.Error);
    }

    [Fact]
    public void ScriptRun_InvalidPackage_ExitsOneLikeValidate()
    {
        var record = _files.File("r.json");
        File.WriteAllText(record, """{ "name": "Acme" }""");

        var result = CliRunner.Run("script", "run", _files.File("missing"), "--hook", "beforeSave", "--object", "deal", "--record", record);

        Assert.True(result.ExitCode == CliApp.Invalid, result.ToString());
        Assert.Contains("FS", result.Out);
    }
}
