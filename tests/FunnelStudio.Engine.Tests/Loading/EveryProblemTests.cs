using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>The loader never stops at the first problem: each pass reports all it finds.</summary>
public class EveryProblemTests
{
    [Fact]
    public void Load_ThreeIndependentErrorsInThreeFiles_ReportsAllThree()
    {
        var result = PackageBuilder.Minimal()
            .EditPackage(p => p["version"] = "one")
            .EditObject("deal", o => JsonEdit.Field(o, "decision_maker")["maxLength"] = "long")
            .EditObject("account", o => o["fields"]!.AsArray().Add(new JsonObject { ["name"] = "name", ["type"] = "text" }))
            .Load();

        DiagnosticAssert.Refused(result);
        var errors = result.Errors.Select(d => (d.Code, d.File, d.Path)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(("FS1009", "package.json", "$.version"), errors);
        Assert.Contains(("FS1002", "objects/deal.json", "$.fields[8].maxLength"), errors);
        Assert.Contains(("FS1006", "objects/account.json", "$.fields[2].name"), errors);
    }

    [Fact]
    public void Load_ThreeIndependentErrorsInOneFile_ReportsAllThree()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o =>
        {
            JsonEdit.Field(o, "amount")["currency"] = "yuan";
            JsonEdit.Field(o, "lost_reason")["options"] = new JsonArray();
            JsonEdit.Stage(o, "won")["terminal"] = "yes";
        }).Load();

        var errors = result.Errors.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains(("FS1009", "$.fields[2].currency"), errors);
        Assert.Contains(("FS1004", "$.fields[12].options"), errors);
        Assert.Contains(("FS1009", "$.pipeline.stages[4].terminal"), errors);
    }

    [Fact]
    public void Load_ThreeBadExpressions_ReportsEachAtItsOwnPath()
    {
        var result = PackageBuilder.Minimal()
            .WithRule("deal", "typo", "record.amout > 0")
            .WithRule("deal", "bad_option", "record.source == \"webb\"")
            .WithRule("deal", "hostile", "record.GetType() != null")
            .EditObject("deal", o => JsonEdit.Stage(o, "lead")["exitCriteria"]![0]!["expression"] = "record.icp")
            .Load();

        DiagnosticAssert.Refused(result);
        var errors = result.Errors.Select(d => (d.Code, d.Path)).ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains(("FS1102", "$.validationRules[1].expression"), errors);
        Assert.Contains(("FS1103", "$.validationRules[2].expression"), errors);
        Assert.Contains(("FS1109", "$.validationRules[3].expression"), errors);
        Assert.Contains(("FS1102", "$.pipeline.stages[0].exitCriteria[0].expression"), errors);
    }

    [Fact]
    public void Load_ErrorsInSeveralTests_ReportsEveryTest()
    {
        var result = PackageBuilder.Minimal().WithTests("bad.json", """
            { "tests": [
                { "name": "a", "object": "widget", "record": {}, "expect": { "valid": true } },
                { "name": "b", "object": "deal", "record": { "nope": 1 }, "expect": { "valid": true } },
                { "name": "c", "object": "deal", "record": {}, "expect": { "move": { "to": "heaven", "allowed": true } } }
            ] }
            """).Load();

        var errors = result.Errors.Select(d => (d.Code, d.Path)).ToList();
        Assert.Equal(
            [("FS1201", "$.tests[0].object"), ("FS1202", "$.tests[1].record.nope"), ("FS1114", "$.tests[2].expect.move.to")],
            errors);
    }
}
