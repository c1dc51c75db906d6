using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunnelStudio.Audit;

/// <summary>
/// One audit line. <see cref="Details"/> is a JSON object, by convention <c>{ "before": …, "after": … }</c>
/// plus whatever else explains the change; never a secret (a password change records that it happened).
/// </summary>
public sealed record AuditEntry(DateTime At, string? ActorId, string Action, string TargetType, string? TargetId, string Details)
{
    /// <summary>Filled in by the store when reading.</summary>
    public long Id { get; init; }

    /// <summary>An entry about <paramref name="targetType"/> <paramref name="targetId"/> with details from a JSON object.</summary>
    public static AuditEntry Of(DateTime at, string? actorId, string action, string targetType, string? targetId, JsonObject details) =>
        new(DateTime.SpecifyKind(at, DateTimeKind.Utc), actorId, action, targetType, targetId, details.ToJsonString(Json));

    /// <summary><c>{ "before": before, "after": after }</c>, each value serialized as JSON.</summary>
    public static JsonObject Change(object? before, object? after) => new()
    {
        ["before"] = JsonSerializer.SerializeToNode(before, Json),
        ["after"] = JsonSerializer.SerializeToNode(after, Json),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Names and display names as themselves (Chinese included); the audit page encodes them as HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>What the audit page and API ask for; null filters match everything.</summary>
public sealed record AuditQuery
{
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? Action { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One page of audit entries, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total, int Page, int PageSize);
