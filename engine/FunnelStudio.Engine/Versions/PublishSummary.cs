using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Saving;

namespace FunnelStudio.Versions;

/// <summary>
/// What a published version stores about its change (<c>diff_summary</c>) and what its audit line
/// says: the version it replaced, how many things were added, removed and changed, and the changes
/// themselves (the first <see cref="MaxListed"/>).
/// </summary>
public static class PublishSummary
{
    public const int MaxListed = 500;

    public static string Write(PublishPlan plan) => Summary(plan, listChanges: true).ToJsonString(Json);

    public static JsonObject AuditDetails(PublishPlan plan, ConfigVersion version)
    {
        var details = Summary(plan, listChanges: false);
        details["before"] = plan.ActiveVersionId;
        details["after"] = version.Id;
        details["package"] = version.PackageName;
        details["packageVersion"] = version.PackageVersion;
        if (version.SourceVersionId is { } source) details["source"] = source;
        return details;
    }

    private static JsonObject Summary(PublishPlan plan, bool listChanges)
    {
        var summary = new JsonObject
        {
            ["against"] = plan.ActiveVersionId,
            ["added"] = plan.Changes.Count(c => c.Kind == ChangeKind.Added),
            ["removed"] = plan.Changes.Count(c => c.Kind == ChangeKind.Removed),
            ["changed"] = plan.Changes.Count(c => c.Kind == ChangeKind.Changed),
        };
        if (listChanges)
            summary["changes"] = JsonSerializer.SerializeToNode(plan.Changes.Take(MaxListed).ToList(), Json);
        return summary;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
