using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

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

    /// <summary>
    /// A config publish or rollback line (details <c>before</c>, <c>after</c>, <c>package</c>,
    /// <c>packageVersion</c>, the diff's <c>added</c>/<c>removed</c>/<c>changed</c> counts, <c>source</c> for a
    /// rollback) as a sentence in the reader's language: "version 3 → version 5 (b2b 1.2): 2 added, 0
    /// removed, 1 changed". Null when the details are not such a line (then <see cref="Format"/> shows them).
    /// </summary>
    public static string? ConfigVersion(string details, IStringLocalizer text)
    {
        JsonObject? line;
        try { line = JsonNode.Parse(details) as JsonObject; }
        catch (JsonException) { return null; }
        if (line is null || Number(line["after"]) is not { } after) return null;
        var package = $"{Plain(line["package"])} {Plain(line["packageVersion"])}".Trim();
        var counts = (Number(line["added"]) ?? 0, Number(line["removed"]) ?? 0, Number(line["changed"]) ?? 0);
        var sentence = Number(line["before"]) is { } before
            ? text["Admin.Audit.ConfigChange", before, after, package, counts.Item1, counts.Item2, counts.Item3].Value
            : text["Admin.Audit.ConfigFirst", after, package, counts.Item1, counts.Item2, counts.Item3].Value;
        return Number(line["source"]) is { } source ? sentence + text["Admin.Audit.ConfigSource", source].Value : sentence;
    }

    private static long? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out long number) ? number : null;

    private static string Plain(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? s) ? s : "";

    private static JsonNode? Named(JsonNode? node, Func<string, string?> userName) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) && userName(text) is { } name => JsonValue.Create(name),
        JsonArray array => new JsonArray(array.Select(item => Named(item, userName)).ToArray()),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Named(p.Value, userName)))),
        _ => node?.DeepClone(),
    };

    private static string Text(JsonNode? node) => node?.ToJsonString(Compact) ?? "—";
}
