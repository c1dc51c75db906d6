using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Templates;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>A document's model holds what the user may read, nothing more.</summary>
public sealed class DocumentModelTests
{
    [Fact]
    public void HiddenField_IsInNeitherRecordDisplayNorFields_AndPrintsNothing()
    {
        var loaded = PackageBuilder.Minimal()
            .With("templates/t.sbn", "{{ record.name }}|{{ record.amount }}|{{ display.amount }}|{{ fields.amount != null }}")
            .EditPackage(p => p["roles"]![2]!["permissions"]!["deal"]!["fields"] = JsonNode.Parse("""{ "amount": "hidden", "weighted_amount": "hidden" }"""))
            .Load();
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics) + (loaded.Package is null ? " (no package)" : ""));
        var package = loaded.Package!;
        var record = new StoredRecord(Guid.NewGuid(), "deal", new RecordValues(new Dictionary<string, object?> { ["name"] = "Acme", ["amount"] = 5000m }));
        var deal = package.Object("deal")!.Definition;

        IReadOnlyDictionary<string, object?> ModelFor(string role) => DocumentModel.For(
            package.Access.For(new ActingUser("u1", "Li", [role]), deal), record, (_, v) => $"<{v}>", "zh-CN", DateTime.UnixEpoch);

        var rep = ModelFor("rep");
        Assert.False(((IReadOnlyDictionary<string, object?>)rep["record"]!).ContainsKey("amount"));
        Assert.False(((IReadOnlyDictionary<string, object?>)rep["display"]!).ContainsKey("amount"));
        var renderer = new TemplateRenderer(TemplateTestPackage.Options);
        Assert.Equal("Acme|||false", renderer.Render(package, "t", rep).Output);
        Assert.Equal("Acme|5000|&lt;5000&gt;|true", renderer.Render(package, "t", ModelFor("manager")).Output);
    }
}
