using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>The loader's checks of the access model: roles' permissions, owner and amount fields, unique and onDelete.</summary>
public class AccessDiagnosticsTests
{
    /// <summary>The minimal package with an owner field on deal and the rep role (roles[2]) given <paramref name="dealPermission"/>.</summary>
    private static PackageBuilder WithRepOnDeal(JsonObject dealPermission, bool ownerField = true) => PackageBuilder.Minimal()
        .EditObject("deal", o =>
        {
            if (!ownerField) return;
            JsonEdit.Array(o, "fields").Add(new JsonObject { ["name"] = "owner", ["type"] = "user" });
            o["ownerField"] = "owner";
        })
        .EditPackage(p => p["roles"]![2]!["permissions"] = new JsonObject { ["deal"] = dealPermission });

    [Fact]
    public void Load_PermissionsOnAnUndefinedObject_ReportFS1116WithThePath()
    {
        var result = PackageBuilder.Minimal()
            .EditPackage(p => p["roles"]![1]!["permissions"] = new JsonObject { ["spaceship"] = new JsonObject { ["read"] = "all" } })
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1116", Error, "package.json", "$.roles[1].permissions.spaceship");
        Assert.Contains("'spaceship'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_OwnScopeOnAnObjectWithoutOwnerField_ReportsFS1117()
    {
        var result = WithRepOnDeal(new JsonObject { ["read"] = "own", ["edit"] = "own" }, ownerField: false).Load();

        var read = result.Diagnostics.Where(d => d.Code == "FS1117").Select(d => d.Path).Order().ToList();
        Assert.Equal(["$.roles[2].permissions.deal.edit", "$.roles[2].permissions.deal.read"], read);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_TeamScopeWithAnOwnerField_Compiles()
    {
        var package = WithRepOnDeal(new JsonObject { ["read"] = "team", ["edit"] = "own", ["create"] = true }).Compile();

        var permission = package.Definition.Roles[2].On("deal");
        Assert.Equal(Metadata.AccessScope.Team, permission.Read);
        Assert.Equal(Metadata.AccessScope.Own, permission.Edit);
        Assert.True(permission.Create);
        Assert.Equal(Metadata.AccessScope.None, permission.Delete);
    }

    [Fact]
    public void Load_OwnerFieldThatIsNotAUserField_ReportsFS1118_AndAnUnknownOneFS1108()
    {
        var wrongType = PackageBuilder.Minimal().EditObject("deal", o => o["ownerField"] = "name").Load();
        var unknown = PackageBuilder.Minimal().EditObject("deal", o => o["ownerField"] = "boss").Load();

        Assert.Contains("user field", DiagnosticAssert.Has(wrongType, "FS1118", Error, "objects/deal.json", "$.ownerField").Message);
        DiagnosticAssert.Has(unknown, "FS1108", Error, "objects/deal.json", "$.ownerField");
    }

    [Fact]
    public void Load_AmountFieldThatIsAPercent_ReportsFS1118()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["amountField"] = "discount").Load();

        DiagnosticAssert.Has(result, "FS1118", Error, "objects/deal.json", "$.pipeline.amountField");
    }

    [Fact]
    public void Load_PermissionOnAnUnknownField_ReportsFS1108()
    {
        var result = WithRepOnDeal(new JsonObject { ["read"] = "all", ["fields"] = new JsonObject { ["secret"] = "hidden" } }).Load();

        DiagnosticAssert.Has(result, "FS1108", Error, "package.json", "$.roles[2].permissions.deal.fields.secret");
    }

    [Fact]
    public void Load_BadScopeAndBadFieldAccess_ReportFS1009Each()
    {
        var result = WithRepOnDeal(new JsonObject { ["read"] = "everyone", ["fields"] = new JsonObject { ["amount"] = "peek" } }).Load();

        var paths = result.Diagnostics.Where(d => d.Code == "FS1009").Select(d => d.Path).Order().ToList();
        Assert.Equal(["$.roles[2].permissions.deal.fields.amount", "$.roles[2].permissions.deal.read"], paths);
    }

    [Fact]
    public void Load_EditWiderThanRead_IsRefused()
    {
        var result = WithRepOnDeal(new JsonObject { ["read"] = "own", ["edit"] = "all" }).Load();

        var d = DiagnosticAssert.Has(result, "FS1009", Error, "package.json", "$.roles[2].permissions.deal.edit");
        Assert.Contains("cannot reach further than 'read'", d.Message);
    }

    [Fact]
    public void Load_HidingTheTitleField_IsRefused_AlsoThroughTheStar()
    {
        var named = WithRepOnDeal(new JsonObject { ["read"] = "all", ["fields"] = new JsonObject { ["name"] = "hidden" } }).Load();
        var star = WithRepOnDeal(new JsonObject { ["read"] = "all", ["fields"] = new JsonObject { ["*"] = "hidden" } }).Load();

        DiagnosticAssert.Has(named, "FS1009", Error, "package.json", "$.roles[2].permissions.deal.fields.name");
        // The title, the stage and the owner are each reported, all pointing at the star.
        Assert.Equal(3, star.Diagnostics.Count(d => d.Code == "FS1009" && d.Path == "$.roles[2].permissions.deal.fields.*"));
    }

    [Fact]
    public void Load_WithoutAnAdminRole_WarnsFS1119_AndStillLoads()
    {
        var result = PackageBuilder.Minimal().EditPackage(p => p["roles"]![0]!.AsObject().Remove("admin")).Load();

        DiagnosticAssert.Has(result, "FS1119", Warning, "package.json", "$.roles");
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Load_UniqueBoolean_ReportsFS1120_AndOnDeleteOutsideALookupFS1009()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o =>
        {
            JsonEdit.Field(o, "icp_fit")["unique"] = true;
            JsonEdit.Field(o, "name")["onDelete"] = "cascade";
            JsonEdit.Field(o, "account")["onDelete"] = "explode";
        }).Load();

        DiagnosticAssert.Has(result, "FS1120", Error, "objects/deal.json", $"$.fields[{IndexOf("icp_fit")}].unique");
        var onDelete = result.Diagnostics.Where(d => d.Code == "FS1009").Select(d => d.Path).Order().ToList();
        Assert.Equal(["$.fields[0].onDelete", "$.fields[1].onDelete"], onDelete);
    }

    [Fact]
    public void Load_EveryAccessProblemIsReported_NotJustTheFirst()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => o["ownerField"] = "boss")
            .EditPackage(p =>
            {
                p["roles"]![1]!["permissions"] = new JsonObject { ["spaceship"] = new JsonObject { ["read"] = "all" } };
                p["roles"]![2]!["permissions"] = new JsonObject { ["account"] = new JsonObject { ["read"] = "own" } };
            })
            .Load();

        Assert.Equal(["FS1108", "FS1116", "FS1117"], result.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct().Order());
    }

    private static int IndexOf(string field)
    {
        var deal = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Folder("minimal"), "objects", "deal.json")))!.AsObject();
        return JsonEdit.FieldIndex(deal, field);
    }
}
