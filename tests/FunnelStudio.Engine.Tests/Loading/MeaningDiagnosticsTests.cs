using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>FS11xx codes found by the meaning pass (references across files, pipelines, roles, defaults).</summary>
public class MeaningDiagnosticsTests
{
    [Fact]
    public void Load_LookupToUndefinedObject_ReportsFS1101()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Field(o, "account")["target"] = "company").Load();

        var d = DiagnosticAssert.Has(result, "FS1101", Error, "objects/deal.json", "$.fields[1].target");
        Assert.Contains("'company'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_LookupWhoseTargetObjectFileIsMissing_ReportsFS1101()
    {
        var result = PackageBuilder.Minimal().Without("objects/account.json").Load();

        DiagnosticAssert.Has(result, "FS1101", Error, "objects/deal.json", "$.fields[1].target");
    }

    [Fact]
    public void Load_PipelineWithoutWonStage_ReportsFS1107()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => o["pipeline"]!["stages"]!.AsArray().Remove(JsonEdit.Stage(o, "won")))
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1107", Error, "objects/deal.json", "$.pipeline.stages");
        Assert.Contains("\"terminal\": \"won\"", d.Message);
    }

    [Fact]
    public void Load_StageRequiringUnknownField_ReportsFS1108()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => JsonEdit.Stage(o, "mql")["requiredFields"]!.AsArray().Add("budget"))
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1108", Error, "objects/deal.json", "$.pipeline.stages[1].requiredFields[1]");
        Assert.Contains("'budget'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_UnknownTitleField_ReportsFS1108()
    {
        var result = PackageBuilder.Minimal().EditObject("account", o => o["titleField"] = "title").Load();

        DiagnosticAssert.Has(result, "FS1108", Error, "objects/account.json", "$.titleField");
    }

    [Fact]
    public void Load_LayoutListingUnknownFields_ReportsFS1108ForEach()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o =>
        {
            o["layouts"]!["form"]!["sections"]![0]!["fields"]!.AsArray().Add("region");
            o["layouts"]!["list"]!["columns"]!.AsArray().Add("owner_name");
        }).Load();

        var paths = result.Diagnostics.Where(d => d.Code == "FS1108").Select(d => d.Path).ToList();
        Assert.Equal(["$.layouts.form.sections[0].fields[4]", "$.layouts.list.columns[4]"], paths);
    }

    [Fact]
    public void Load_RuleMessagePointingAtUnknownField_ReportsFS1108()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => o["validationRules"]![0]!["field"] = "rebate")
            .Load();

        DiagnosticAssert.Has(result, "FS1108", Error, "objects/deal.json", "$.validationRules[0].field");
    }

    [Fact]
    public void Load_ReopenRoleNotDefined_ReportsFS1111()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["reopenRole"] = "ceo").Load();

        var d = DiagnosticAssert.Has(result, "FS1111", Error, "objects/deal.json", "$.pipeline.reopenRole");
        Assert.Contains("admin, manager, rep", d.Message);
    }

    [Fact]
    public void Load_PipelineOfOnlyTerminalStages_ReportsFS1112()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o =>
        {
            var stages = o["pipeline"]!["stages"]!.AsArray();
            foreach (var open in stages.Where(s => s!["terminal"] is null).ToList()) stages.Remove(open);
        }).Load();

        DiagnosticAssert.Has(result, "FS1112", Error, "objects/deal.json", "$.pipeline.stages");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "FS1107");
    }

    [Fact]
    public void Load_DefaultThatDoesNotFitItsType_ReportsFS1113()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Field(o, "amount")["default"] = "lots").Load();

        var d = DiagnosticAssert.Has(result, "FS1113", Error, "objects/deal.json", "$.fields[2].default");
        Assert.Contains("amount", d.Message);
    }

    [Fact]
    public void Load_DefaultOutsideMinMax_ReportsFS1113()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Field(o, "discount")["default"] = 120).Load();

        DiagnosticAssert.Has(result, "FS1113", Error, "objects/deal.json", "$.fields[3].default");
    }

    [Fact]
    public void Load_DefaultThatFits_IsBoundToTheFieldType()
    {
        var package = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Field(o, "discount")["default"] = 12.5).Compile();

        Assert.Equal(12.5m, package.Object("deal")!.Definition.Field("discount")!.Default);
        Assert.Equal(false, package.Object("deal")!.Definition.Field("icp_fit")!.Default);
    }

    [Fact]
    public void Load_PackageWithoutObjects_IsFS1115WarningAndStillLoads()
    {
        // The roles' permissions name the objects too: without them they would be unknown (FS1116).
        var result = PackageBuilder.Minimal().Without("objects/deal.json").Without("objects/account.json")
            .EditPackage(p => { foreach (var role in p["roles"]!.AsArray()) role!.AsObject().Remove("permissions"); })
            .Load();

        DiagnosticAssert.Has(result, "FS1115", Warning, "package.json", "$");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Package!.Objects);
    }

    [Fact]
    public void Load_TestMovingToUnknownStage_ReportsFS1114()
    {
        var result = PackageBuilder.Minimal().WithTests("moves.json", """
            { "tests": [ { "name": "to nowhere", "object": "deal", "record": { "name": "x" },
                           "expect": { "move": { "to": "nowhere", "allowed": false } } } ] }
            """).Load();

        var d = DiagnosticAssert.Has(result, "FS1114", Error, "tests/moves.json", "$.tests[0].expect.move.to");
        Assert.Contains("'nowhere'", d.Message);
    }

    [Fact]
    public void Load_TestOfUndefinedObject_ReportsFS1201()
    {
        var result = PackageBuilder.Minimal().WithTests("widgets.json", """
            [ { "name": "widget is valid", "object": "widget", "record": {}, "expect": { "valid": true } } ]
            """).Load();

        var d = DiagnosticAssert.Has(result, "FS1201", Error, "tests/widgets.json", "$[0].object");
        Assert.Contains("'widget'", d.Message);
    }

    [Fact]
    public void Load_TestSettingUnknownField_ReportsFS1202()
    {
        var result = PackageBuilder.Minimal().WithTests("deal.json", """
            { "tests": [ { "name": "typo", "object": "deal", "record": { "name": "x", "amout": 5 }, "expect": { "valid": true } } ] }
            """).Load();

        var d = DiagnosticAssert.Has(result, "FS1202", Error, "tests/deal.json", "$.tests[0].record.amout");
        Assert.Contains("typo", d.Message);
    }

    [Fact]
    public void Load_TestValueOfWrongType_ReportsFS1202OnOld()
    {
        var result = PackageBuilder.Minimal().WithTests("deal.json", """
            { "tests": [ { "name": "bad old", "object": "deal", "record": { "name": "x" }, "old": { "amount": "lots" },
                           "expect": { "valid": true } } ] }
            """).Load();

        DiagnosticAssert.Has(result, "FS1202", Error, "tests/deal.json", "$.tests[0].old.amount");
    }

    [Fact]
    public void Load_TestExpectingFormulaThatIsNotOne_ReportsFS1202()
    {
        var result = PackageBuilder.Minimal().WithTests("deal.json", """
            { "tests": [ { "name": "not a formula", "object": "deal", "record": { "name": "x" },
                           "expect": { "formulas": { "amount": 1 } } } ] }
            """).Load();

        DiagnosticAssert.Has(result, "FS1202", Error, "tests/deal.json", "$.tests[0].expect.formulas.amount");
    }
}
