using System.Text.Json.Nodes;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.TestSupport;
using FunnelStudio.Versions;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>
/// The semantic diff over the sample package and edited copies of it: each kind of edit an admin
/// makes gives exactly one change, with its area, path and before/after text.
/// </summary>
public class PackageDiffTests
{
    private const string Sample = "b2b-saas";
    private const string Deal = "objects/deal.json";

    private static PackageDefinition Load(string folder)
    {
        var result = PackageLoader.Load(folder);
        Assert.True(result.Definition is not null && !result.Errors.Any(), string.Join("\n", result.Errors));
        return result.Definition!;
    }

    private static readonly Lazy<PackageDefinition> Original = new(() => Load(RepositoryPaths.SamplePackage(Sample)));

    /// <summary>The changes from the sample to a copy with <paramref name="edit"/> applied.</summary>
    private static IReadOnlyList<ConfigChange> DiffAfter(Action<PackageVariant> edit)
    {
        using var variant = PackageVariant.Of(Sample);
        edit(variant);
        return PackageDiff.Compare(Original.Value, Load(variant.Path));
    }

    private static JsonObject Field(JsonObject obj, string name) =>
        obj["fields"]!.AsArray().Single(f => (string?)f!["name"] == name)!.AsObject();

    private static JsonObject Stage(JsonObject obj, string name) =>
        obj["pipeline"]!["stages"]!.AsArray().Single(s => (string?)s!["name"] == name)!.AsObject();

    private static JsonObject Named(JsonNode? array, string name) =>
        array!.AsArray().Single(r => (string?)r!["name"] == name)!.AsObject();

    [Fact]
    public void Compare_SamePackageLoadedTwice_FindsNoChanges()
    {
        var changes = PackageDiff.Compare(Load(RepositoryPaths.SamplePackage(Sample)), Load(RepositoryPaths.SamplePackage(Sample)));

        Assert.Empty(changes);
    }

    [Fact]
    public void Compare_FieldRenamedFrom_IsOneChangeOfItsName_NotARemovedAndAnAddedField()
    {
        var changes = DiffAfter(v => v.Without("tests").Edit("objects/account.json", account =>
        {
            var city = Field(account, "city");
            city["name"] = "town";
            city["renamedFrom"] = "city";
            foreach (var list in new[] { account["layouts"]!["form"]!["sections"]![0]!["fields"]!, account["layouts"]!["list"]!["columns"]! })
            {
                var items = list.AsArray();
                var at = items.Select(i => (string?)i).ToList().IndexOf("city");
                if (at >= 0) items[at] = "town";
            }
        }));

        var fieldChanges = changes.Where(c => c.Area == ChangeAreas.Field).ToList();
        var change = Assert.Single(fieldChanges);
        Assert.Equal(new ConfigChange(ChangeKind.Changed, ChangeAreas.Field, "account.fields.town.name", "city", "town"), change);
    }

    [Fact]
    public void Compare_FilesOnlyReformatted_FindsNoChanges()
    {
        // Edit re-serializes every file it touches with other indentation and spacing.
        var changes = DiffAfter(v => v.Edit(Deal, _ => { }).Edit("package.json", _ => { }).Edit("objects/account.json", _ => { }));

        Assert.Empty(changes);
    }

    [Fact]
    public void Compare_FieldTypeChanged_IsOneFieldChange()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => Field(d, "lost_detail")["type"] = "text"));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "field", "deal.fields.lost_detail.type", "longtext", "text")], changes);
    }

    [Fact]
    public void Compare_PicklistOptionAdded_NamesTheOptionWithItsLabel()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => Field(d, "source")["options"]!.AsArray()
            .Add(new JsonObject { ["name"] = "partner", ["label"] = new JsonObject { ["en"] = "Partner", ["zh-CN"] = "合作伙伴" } })));

        Assert.Equal([new ConfigChange(ChangeKind.Added, "field", "deal.fields.source.options.partner", null, """{"en":"Partner","zh-CN":"合作伙伴"}""")], changes);
    }

    [Fact]
    public void Compare_PicklistOptionRemoved_NamesTheOption()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
        {
            var options = Field(d, "source")["options"]!.AsArray();
            options.Remove(options.Single(o => (string?)o!["name"] == "outbound"));
        }));

        Assert.Equal([new ConfigChange(ChangeKind.Removed, "field", "deal.fields.source.options.outbound",
            """{"en":"Outbound prospecting","zh-CN":"销售主动开发"}""", null)], changes);
    }

    [Fact]
    public void Compare_FieldMadeRequired_ShowsFalseToTrue()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => Field(d, "amount")["required"] = true));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "field", "deal.fields.amount.required", "false", "true")], changes);
    }

    [Fact]
    public void Compare_DefaultAndLookupDeleteRuleChanged_AreFieldChanges()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
        {
            Field(d, "icp_fit")["default"] = true;
            Field(d, "contact")["onDelete"] = "restrict";
            Field(d, "close_date")["default"] = "2026-12-31";
        }));

        Assert.Equal(
            [
                new ConfigChange(ChangeKind.Changed, "field", "deal.fields.close_date.default", null, "2026-12-31"),
                new ConfigChange(ChangeKind.Changed, "field", "deal.fields.contact.onDelete", "clear", "restrict"),
                new ConfigChange(ChangeKind.Changed, "field", "deal.fields.icp_fit.default", "false", "true"),
            ],
            changes);
    }

    [Fact]
    public void Compare_NumberWrittenDifferently_IsNoChange()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
        {
            Field(d, "discount")["max"] = JsonValue.Create(100.0m);
            Stage(d, "sql")["probability"] = JsonValue.Create(25.00m);
        }));

        Assert.Empty(changes);
    }

    [Fact]
    public void Compare_StageProbabilityChanged_IsOneStageChange()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => Stage(d, "sql")["probability"] = 30));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "stage", "deal.stages.sql.probability", "25", "30")], changes);
    }

    [Fact]
    public void Compare_ExitCriterionExpressionChanged_GivesBothTexts()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
            Named(Stage(d, "lead")["exitCriteria"], "fits_icp")["expression"] = "record.icp_fit && record.need_confirmed"));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "stage", "deal.stages.lead.exitCriteria.fits_icp.expression",
            "record.icp_fit", "record.icp_fit && record.need_confirmed")], changes);
    }

    [Fact]
    public void Compare_CriterionInsideAGroupChanged_IsPathedUnderTheGroup()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
            Named(Named(Stage(d, "sql")["exitCriteria"], "bant")["all"], "bant_timeline")["field"] = "close_date"));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "stage", "deal.stages.sql.exitCriteria.bant.bant_timeline.field", "timeline", "close_date")], changes);
    }

    [Fact]
    public void Compare_RequiredFieldAddedToStage_IsAnAddition()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => Stage(d, "mql")["requiredFields"]!.AsArray().Add("source")));

        Assert.Equal([new ConfigChange(ChangeKind.Added, "stage", "deal.stages.mql.requiredFields.source", null, null)], changes);
    }

    [Fact]
    public void Compare_StageInserted_IsOneAdditionWithoutReorderingTheOthers()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => d["pipeline"]!["stages"]!.AsArray().Insert(2, new JsonObject
        {
            ["name"] = "discovery", ["label"] = "Discovery", ["probability"] = 15,
        })));

        Assert.Equal([new ConfigChange(ChangeKind.Added, "stage", "deal.stages.discovery", null, "Discovery")], changes);
    }

    [Fact]
    public void Compare_StagesSwapped_ReportsTheNewOrder()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
        {
            var stages = d["pipeline"]!["stages"]!.AsArray();
            var mql = stages[1]!;
            stages.RemoveAt(1);
            stages.Insert(2, mql);
        }));

        Assert.Equal(
            [
                new ConfigChange(ChangeKind.Changed, "stage", "deal.stages.mql.order", "2", "3"),
                new ConfigChange(ChangeKind.Changed, "stage", "deal.stages.sql.order", "3", "2"),
            ],
            changes);
    }

    [Fact]
    public void Compare_ValidationRuleMessageChanged_GivesBothMessages()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d =>
            Named(d["validationRules"], "lost_detail_for_other")["message"] = "Describe what happened."));

        var change = Assert.Single(changes);
        Assert.Equal((ChangeKind.Changed, "rule", "deal.rules.lost_detail_for_other.message", "Describe what happened."),
            (change.Kind, change.Area, change.Path, change.After));
        Assert.Equal("""{"en":"When the lost reason is \"Other\", describe what happened.","zh-CN":"输单原因选择“其他”时,请填写输单说明。"}""", change.Before);
    }

    [Fact]
    public void Compare_RolePermissionScopeWidened_IsOnePermissionChange()
    {
        var changes = DiffAfter(v => v.EditPermission("rep", "deal", p => p["read"] = "team"));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "permission", "roles.rep.permissions.deal.read", "own", "team")], changes);
    }

    [Fact]
    public void Compare_FieldAccessNarrowed_NamesRoleObjectAndField()
    {
        var changes = DiffAfter(v => v.EditPermission("rep", "deal", p => PackageVariant.Fields(p)["payment_confirmed"] = "hidden"));

        Assert.Equal([new ConfigChange(ChangeKind.Changed, "permission", "roles.rep.permissions.deal.fields.payment_confirmed", "read", "hidden")], changes);
    }

    [Fact]
    public void Compare_FieldNamedWithTheAccessItHadAnyway_IsNoChange()
    {
        // Finance reads every field ("*": "read"); naming one field "read" grants nothing new.
        var changes = DiffAfter(v => v.EditPermission("finance", "deal", p => PackageVariant.Fields(p)["amount"] = "read"));

        Assert.Empty(changes);
    }

    [Fact]
    public void Compare_ObjectAdded_IsOneChangeWithItsLabel()
    {
        var changes = DiffAfter(v => v.Write("objects/competitor.json", """
            { "name": "competitor", "label": { "en": "Competitor", "zh-CN": "竞争对手" },
              "fields": [ { "name": "name", "type": "text", "label": "Name" } ] }
            """));

        Assert.Equal([new ConfigChange(ChangeKind.Added, "object", "competitor", null, """{"en":"Competitor","zh-CN":"竞争对手"}""")], changes);
    }

    [Fact]
    public void Compare_FieldAdded_NamesItsType()
    {
        var changes = DiffAfter(v => v.Edit(Deal, d => d["fields"]!.AsArray()
            .Add(new JsonObject { ["name"] = "competitor_name", ["type"] = "text", ["label"] = "Competitor" })));

        Assert.Equal([new ConfigChange(ChangeKind.Added, "field", "deal.fields.competitor_name", null, "text")], changes);
    }

    [Fact]
    public void Compare_RoleRemoved_IsOneChangeWithItsLabel()
    {
        using var withAuditor = PackageVariant.Of(Sample).Edit("package.json", p => p["roles"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "auditor", ["label"] = "Auditor",
            ["permissions"] = new JsonObject { ["deal"] = new JsonObject { ["read"] = "all" } },
        }));

        var changes = PackageDiff.Compare(Load(withAuditor.Path), Original.Value);

        Assert.Equal([new ConfigChange(ChangeKind.Removed, "role", "roles.auditor", "Auditor", null)], changes);
    }

    [Fact]
    public void Compare_ScriptChanged_IsOneScriptChangeNamingBothContents()
    {
        using var first = PackageVariant.Of(Sample).Write("scripts/notify.js", "ctx.log('v1');\n");
        using var second = PackageVariant.Of(Sample).Write("scripts/notify.js", "ctx.log('v2');\n");

        var changes = PackageDiff.Compare(Load(first.Path), Load(second.Path));

        var change = Assert.Single(changes);
        Assert.Equal((ChangeKind.Changed, "script", "scripts.notify"), (change.Kind, change.Area, change.Path));
        Assert.StartsWith("1 line, sha256:", change.Before);
        Assert.StartsWith("1 line, sha256:", change.After);
        Assert.NotEqual(change.Before, change.After);
    }

    [Fact]
    public void Compare_ScriptSavedWithWindowsLineEndings_IsNoChange()
    {
        using var first = PackageVariant.Of(Sample).Write("scripts/notify.js", "ctx.log('a');\nctx.log('b');\n");
        using var second = PackageVariant.Of(Sample).Write("scripts/notify.js", "ctx.log('a');\r\nctx.log('b');\r\n");

        Assert.Empty(PackageDiff.Compare(Load(first.Path), Load(second.Path)));
    }

    [Fact]
    public void Compare_PackageTestCaseChanged_IsOneTestChange()
    {
        var changes = DiffAfter(v => v.Edit("tests/validation.json", t =>
        {
            var cases = t["tests"]!.AsArray();
            cases[0]!["record"]!["name"] = "Another name";
        }));

        var change = Assert.Single(changes);
        Assert.Equal((ChangeKind.Changed, "test"), (change.Kind, change.Area));
        Assert.Equal("tests.validation.deal_with_only_a_name_is_valid", change.Path);
    }

    [Fact]
    public void Compare_SeveralEdits_ListsThemByAreaThenPath()
    {
        var changes = DiffAfter(v => v
            .EditPermission("rep", "deal", p => p["read"] = "team")
            .Write("scripts/notify.js", "ctx.log('hi');")
            .Edit(Deal, d =>
            {
                Stage(d, "sql")["probability"] = 30;
                Field(d, "amount")["required"] = true;
                Field(d, "name")["maxLength"] = 150;
            })
            .Edit("package.json", p => p["version"] = "1.1.0"));

        Assert.Equal(
            [
                ("package", "package.version"),
                ("field", "deal.fields.amount.required"),
                ("field", "deal.fields.name.maxLength"),
                ("stage", "deal.stages.sql.probability"),
                ("permission", "roles.rep.permissions.deal.read"),
                ("script", "scripts.notify"),
            ],
            changes.Select(c => (c.Area, c.Path)));
        Assert.Equal("1 added, 0 removed, 5 changed", DiffSummary.Of(changes).Text);
    }

    [Fact]
    public void DiffSummary_NoChanges_SaysNoDifferences()
    {
        Assert.Equal("no differences", DiffSummary.Of([]).Text);
    }
}
