using System.Text;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Scripting.Offline;

/// <summary>
/// <c>ctx</c>'s functions for a run with no database (<c>funnelstudio script run</c>, package tests):
/// it records what the script asks for instead of doing it. <c>set</c> is checked as in a save (the
/// object has the field, it is not computed or the stage, the user may write it, the value fits its
/// type); <c>query</c> finds nothing (<c>[]</c>), since there are no records; webhooks are listed, not sent.
/// </summary>
public sealed class OfflineScriptHost(ObjectDefinition obj, ObjectAccess access) : IScriptHostApi
{
    public List<(string? Field, string Message)> Errors { get; } = [];

    /// <summary>Bound values by field, in the order first set (a later set of the same field replaces it).</summary>
    public Dictionary<string, object?> Sets { get; } = new(StringComparer.Ordinal);

    public List<(string Url, string BodyJson)> Webhooks { get; } = [];

    public List<(string Object, string FilterJson)> Queries { get; } = [];

    public void AddError(string? field, string message) => Errors.Add(ScriptHostChecks.Error(obj, field, message));

    public void Set(string field, string json) => Sets[field] = ScriptHostChecks.SetValue(obj, access, field, json);

    public void Log(string text) { }

    /// <summary>Offline there are no records: every query answers an empty list.</summary>
    public string Query(string objectName, string filterJson, int limit)
    {
        Queries.Add((objectName, filterJson));
        return "[]";
    }

    public void Webhook(string url, string bodyJson, string? secret)
    {
        ScriptHostChecks.WebhookUrl(url, Webhooks.Count);
        Webhooks.Add((url, bodyJson));
    }

    /// <summary>A set value as JSON, written as a record's value of that field is.</summary>
    public static string ValueJson(FieldDefinition? field, object? value)
    {
        if (value is null) return "null";
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) RecordJson.Write(writer, value, field);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
