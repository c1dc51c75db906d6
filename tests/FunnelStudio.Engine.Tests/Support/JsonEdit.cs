using System.Text.Json.Nodes;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>Small helpers for editing package JSON in tests.</summary>
public static class JsonEdit
{
    public static JsonArray Array(JsonObject owner, string key)
    {
        if (owner[key] is JsonArray array) return array;
        array = [];
        owner[key] = array;
        return array;
    }

    /// <summary>The field object named <paramref name="name"/> in an object definition.</summary>
    public static JsonObject Field(JsonObject obj, string name) =>
        obj["fields"]!.AsArray().Single(f => (string?)f!["name"] == name)!.AsObject();

    public static int FieldIndex(JsonObject obj, string name) =>
        obj["fields"]!.AsArray().Select((f, i) => ((string?)f!["name"], i)).Single(p => p.Item1 == name).i;

    public static JsonObject Stage(JsonObject obj, string name) =>
        obj["pipeline"]!["stages"]!.AsArray().Single(s => (string?)s!["name"] == name)!.AsObject();

    /// <summary>A deep copy, for putting the same node in two places.</summary>
    public static JsonNode Copy(JsonNode node) => node.DeepClone();
}
