using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunnelStudio.Portal.Admin;

/// <summary>
/// An audit line's details as one short text: <c>before → after</c> for a change, compact JSON
/// otherwise. Re-serialized, so it reads the same whatever the database did to the JSON (PostgreSQL's
/// <c>jsonb</c> reorders keys and adds spaces).
/// </summary>
public static class AuditDetailsText
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(string details)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(details); }
        catch (JsonException) { return details; }
        if (node is JsonObject { Count: 2 } change && change.ContainsKey("before") && change.ContainsKey("after"))
            return $"{Text(change["before"])} → {Text(change["after"])}";
        return node is JsonObject { Count: 0 } ? "" : Text(node);
    }

    private static string Text(JsonNode? node) => node?.ToJsonString(Compact) ?? "—";
}
