using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunnelStudio.Portal.Admin;

/// <summary>
/// An audit line's details as one short text: <c>before → after</c> for a change, compact JSON
/// otherwise. Re-serialized, so it reads the same whatever the database did to the JSON (PostgreSQL's
/// <c>jsonb</c> reorders keys and adds spaces). A value that is a user's id (a manager, the user records
/// were given to) is shown as that user's name: an admin reads "Wang Min → Chen Jing", not two GUIDs.
/// </summary>
public static class AuditDetailsText
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="details">The line's details as stored (JSON).</param>
    /// <param name="userName">A user's name for an id, or null when the text is no user's id.</param>
    public static string Format(string details, Func<string, string?>? userName = null)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(details); }
        catch (JsonException) { return details; }
        if (userName is not null) node = Named(node, userName);
        if (node is JsonObject { Count: 2 } change && change.ContainsKey("before") && change.ContainsKey("after"))
            return $"{Text(change["before"])} → {Text(change["after"])}";
        return node is JsonObject { Count: 0 } ? "" : Text(node);
    }

    private static JsonNode? Named(JsonNode? node, Func<string, string?> userName) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) && userName(text) is { } name => JsonValue.Create(name),
        JsonArray array => new JsonArray(array.Select(item => Named(item, userName)).ToArray()),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Named(p.Value, userName)))),
        _ => node?.DeepClone(),
    };

    private static string Text(JsonNode? node) => node?.ToJsonString(Compact) ?? "—";
}
