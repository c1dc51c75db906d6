using System.Text.Json.Nodes;
using FunnelStudio.Diagnostics;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Metadata;

namespace FunnelStudio.Engine.Tests.Notifications;

public sealed class NotificationRuleLoadingTests
{
    private static PackageBuilder Notified() => PackageBuilder.FromFolder(Fixtures.Folder("notified"));

    private static PackageBuilder WithRule(JsonObject rule) =>
        Notified().EditPackage(p => p["notifications"] = new JsonArray(rule));

    private static JsonObject Rule(string to = """{ "ownerManager": true }""") => new()
    {
        ["name"] = "won", ["object"] = "opportunity", ["event"] = "stageChanged", ["stage"] = "closed_won",
        ["template"] = "closed", ["to"] = JsonNode.Parse(to),
    };

    [Fact]
    public void NotifiedPackage_Loads_WithItsRulesAndParties()
    {
        var result = Notified().Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
        var rules = result.Definition!.NotificationRules;
        Assert.Equal(["closed_won", "opened"], rules.Select(r => r.Name));
        Assert.Equal(NotificationEvent.StageChanged, rules[0].Event);
        Assert.Equal("closed_won", rules[0].Stage);
        Assert.Equal([new Party(PartyKind.OwnerManager, null), new Party(PartyKind.Role, "auditor")], rules[0].To);
        Assert.Equal([new Party(PartyKind.Field, "seller")], rules[1].To);
        Assert.Equal("$.notifications[1]", rules[1].Path);
    }

    [Theory]
    [InlineData("object", "\"quote\"", "FS1701", "$.notifications[0].object")]
    [InlineData("stage", "\"signed\"", "FS1702", "$.notifications[0].stage")]
    [InlineData("template", "\"missing\"", "FS1703", "$.notifications[0].template")]
    [InlineData("to", """{ "role": "ceo" }""", "FS1704", "$.notifications[0].to.role")]
    [InlineData("to", """{ "field": "nope" }""", "FS1705", "$.notifications[0].to.field")]
    [InlineData("to", """{ "field": "title" }""", "FS1705", "$.notifications[0].to.field")]
    [InlineData("event", "\"deleted\"", "FS1706", "$.notifications[0].event")]
    [InlineData("to", """{ "role": "agent", "user": "u1" }""", "FS1707", "$.notifications[0].to")]
    [InlineData("to", """[]""", "FS1707", "$.notifications[0].to")]
    [InlineData("to", """{ "ownerManager": false }""", "FS1707", "$.notifications[0].to.ownerManager")]
    [InlineData("webhook", """{ "url": "ftp://example.com/x" }""", "FS1708", "$.notifications[0].webhook.url")]
    [InlineData("webhook", """{ "url": "https://example.com/x", "format": "slack" }""", "FS1708", "$.notifications[0].webhook.format")]
    public void BrokenRule_IsRefused_WithItsCodeAndPath(string key, string json, string code, string path)
    {
        var rule = Rule();
        rule[key] = JsonNode.Parse(json);

        var result = WithRule(rule).Load();

        DiagnosticAssert.Refused(result);
        DiagnosticAssert.Has(result, code, DiagnosticSeverity.Error, "package.json", path);
    }

    [Fact]
    public void StageOnACreatedRule_AndOwnerManagerWithoutOwner_AreRefused()
    {
        var created = Rule();
        created["event"] = "created";
        var builder = Notified()
            .EditObject("opportunity", o => o.Remove("ownerField"))
            .EditPackage(p => p["notifications"] = new JsonArray(created));

        var result = builder.Load();

        DiagnosticAssert.Has(result, "FS1702", DiagnosticSeverity.Error, "package.json", "$.notifications[0].stage");
        DiagnosticAssert.Has(result, "FS1709", DiagnosticSeverity.Error, "package.json", "$.notifications[0].to.ownerManager");
    }

    [Fact]
    public void EveryNotificationCode_IsListed()
    {
        var ids = DiagnosticCodes.All.Select(c => c.Id).ToHashSet();
        foreach (var id in Enumerable.Range(1701, 9).Select(n => $"FS{n}")) Assert.Contains(id, ids);
    }
}
