using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Access;

/// <summary>
/// The loader keeps a hidden field hidden: nothing a role sees may be computed from it or name a
/// record by it, and package tests may only give their users roles the package defines.
/// </summary>
public class AccessLoadTests
{
    private static PackageBuilder Sample() => PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"));

    /// <summary>The rep's permissions on deals in b2b-saas (roles[2]).</summary>
    private static JsonObject RepDealFields(JsonObject package) =>
        package["roles"]![2]!["permissions"]!["deal"]!["fields"]!.AsObject();

    [Fact]
    public void Load_FormulaARoleSeesOverAFieldHiddenFromIt_ReportsFS1121()
    {
        var result = Sample().EditPackage(p => RepDealFields(p)["amount"] = "hidden").Load();

        var d = DiagnosticAssert.Has(result, "FS1121", Error, "package.json", "$.roles[2].permissions.deal.fields");
        Assert.Contains("'weighted_amount'", d.Message);
        Assert.Contains("'amount'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_FormulaHiddenWithTheFieldItReads_Loads()
    {
        var result = Sample().EditPackage(p =>
        {
            RepDealFields(p)["amount"] = "hidden";
            RepDealFields(p)["weighted_amount"] = "hidden";
        }).Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }

    [Fact]
    public void Load_HidingTheFieldTitlesComeFromWithoutATitleField_IsRefused()
    {
        // Without titleField the title is the first text field: hiding it would still show it in every list.
        var result = Sample()
            .EditObject("deal", o => o.Remove("titleField"))
            .EditPackage(p => RepDealFields(p)["name"] = "hidden")
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1009", Error, "package.json", "$.roles[2].permissions.deal.fields.name");
        Assert.Contains("title", d.Message);
    }

    [Fact]
    public void Load_TestUserWithARoleThePackageLacks_ReportsFS1111AtTheRole()
    {
        var result = Sample().WithTests("roles.json", """
            { "tests": [ { "name": "typo", "object": "deal", "record": { "name": "x", "stage": "lead" },
                           "user": { "id": "u1", "roles": ["rep", "sales_rep"] },
                           "expect": { "move": { "to": "mql", "allowed": false } } } ] }
            """).Load();

        var d = DiagnosticAssert.Has(result, "FS1111", Error, "tests/roles.json", "$.tests[0].user.roles[1]");
        Assert.Contains("'sales_rep'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_TestUserWithAMistypedTeamOrKey_IsReported()
    {
        var result = Sample().WithTests("roles.json", """
            { "tests": [ { "name": "team", "object": "deal", "record": { "name": "x" },
                           "user": { "id": "u1", "roles": ["manager"], "team": "u2", "teams": [] },
                           "expect": { "valid": true } } ] }
            """).Load();

        DiagnosticAssert.Has(result, "FS1002", Error, "tests/roles.json", "$.tests[0].user.team");
        DiagnosticAssert.Has(result, "FS1003", Warning, "tests/roles.json", "$.tests[0].user.teams");
    }
}
