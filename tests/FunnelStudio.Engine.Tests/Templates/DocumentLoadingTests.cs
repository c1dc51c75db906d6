using System.Text.Json.Nodes;
using FunnelStudio.Diagnostics;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary><c>"documents"</c> in package.json: read into metadata, and every name in them checked.</summary>
public sealed class DocumentLoadingTests
{
    private static PackageBuilder WithDocuments(string json) =>
        PackageBuilder.Minimal().With("templates/quote.sbn", "Quote for {{ record.name }}")
            .EditPackage(p => p["documents"] = JsonNode.Parse(json));

    [Fact]
    public void Document_IsReadWithItsLabelRolesAndIcon()
    {
        var package = WithDocuments("""[{ "name": "quote", "object": "deal", "label": { "en": "Quote", "zh-CN": "报价单" }, "template": "quote", "roles": ["manager"], "icon": "printer" }]""").Compile();
        var document = Assert.Single(package.Definition.Documents);
        Assert.Equal(("quote", "deal", "quote", "printer"), (document.Name, document.Object, document.Template, document.Icon));
        Assert.Equal("报价单", document.Label.Get("zh-CN"));
        Assert.True(document.AllowedFor(["rep", "manager"]));
        Assert.False(document.AllowedFor(["rep"]));
    }

    [Fact]
    public void EveryWrongName_IsReportedWithItsCodeAndPath()
    {
        var result = WithDocuments("""
            [{ "name": "quote", "object": "invoice", "template": "missing", "roles": ["ceo"] },
             { "name": "quote", "object": "invoice", "template": "quote" },
             { "name": "Bad Name", "object": "deal", "template": "quote", "icon": "<svg>" }]
            """).Load();
        Assert.False(result.Succeeded);
        var found = result.Diagnostics.Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains((DiagnosticCodes.DocumentUnknownObject.Id, "$.documents[0].object"), found);
        Assert.Contains((DiagnosticCodes.DocumentUnknownTemplate.Id, "$.documents[0].template"), found);
        Assert.Contains((DiagnosticCodes.UnknownRole.Id, "$.documents[0].roles[0]"), found);
        Assert.Contains((DiagnosticCodes.DuplicateName.Id, "$.documents[1].name"), found);
        Assert.Contains((DiagnosticCodes.InvalidName.Id, "$.documents[2].name"), found);
        Assert.Contains((DiagnosticCodes.InvalidValue.Id, "$.documents[2].icon"), found);
    }

    [Fact]
    public void UnknownKey_InADocument_IsAWarning()
    {
        var result = WithDocuments("""[{ "name": "quote", "object": "deal", "template": "quote", "colour": "red" }]""").Load();
        Assert.True(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKey.Id && d.Path == "$.documents[0].colour");
    }
}
