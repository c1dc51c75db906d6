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

    public void AddError(string? field, string message)
    {
        if (field is not null && obj.Field(field) is null) field = null;
        Errors.Add((field, string.IsNullOrWhiteSpace(message) ? "Refused by a script." : message));
    }

    public void Set(string field, string json)
    {
        var definition = obj.Field(field) ?? throw new ScriptHostException($"ctx.set: '{obj.Name}' has no field '{field}'.");
        if (definition.IsComputed || definition.IsStageField)
            throw new ScriptHostException($"ctx.set: '{field}' is {(definition.IsStageField ? "the stage (move the record instead)" : "computed")} and cannot be set.");
        if (!access.User.IsSystem && !access.CanWrite(field))
            throw new ScriptHostException($"ctx.set: the user may not write '{field}'.");
        using var doc = JsonDocument.Parse(json);
        var (value, error) = ValueBinder.BindJson(definition, doc.RootElement);
        if (error is not null) throw new ScriptHostException($"ctx.set('{field}'): {error.Message.Get("en")}");
        Sets[field] = value;
    }

    public void Log(string text) { }

    /// <summary>Offline there are no records: every query answers an empty list.</summary>
    public string Query(string objectName, string filterJson, int limit)
    {
        Queries.Add((objectName, filterJson));
        return "[]";
    }

    public void Webhook(string url, string bodyJson, string? secret)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ScriptHostException($"ctx.webhook: '{url}' is not an http(s) URL.");
        if (Webhooks.Count >= 10) throw new ScriptHostException("ctx.webhook: at most 10 webhooks per run.");
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
