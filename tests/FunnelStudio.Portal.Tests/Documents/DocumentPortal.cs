using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Portal.Tests.Documents;

/// <summary>
/// A portal on b2b-saas (with its <c>quote</c> document) plus two test documents of deals:
/// <c>broken</c>, whose template never ends (a render error), and <c>managers</c>, for managers only.
/// </summary>
public abstract class DocumentPortal(DatabaseProvider database) : PortalServer(database)
{
    private readonly PackageVariant _variant = PackageVariant.Of("b2b-saas")
        .Without("tests")
        .Write("templates/broken.sbn", "{{ while true }}{{ end }}")
        .Write("templates/managers.sbn", "<p>For managers: {{ record.name }}</p>")
        .Edit("package.json", p =>
        {
            var documents = p["documents"]!.AsArray();
            documents.Add(new JsonObject { ["name"] = "broken", ["object"] = "deal", ["template"] = "broken", ["label"] = "Broken" });
            documents.Add(new JsonObject
            {
                ["name"] = "managers", ["object"] = "deal", ["template"] = "managers", ["label"] = "Managers' sheet",
                ["roles"] = new JsonArray("manager"),
            });
        });

    protected override string? Package => _variant.Path;

    protected override int DemoRecordCount => 0;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }
}

public sealed class SqliteDocumentPortal() : DocumentPortal(new SqliteDatabase());

public sealed class PostgresDocumentPortal() : DocumentPortal(new PostgresDatabase());
