using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Outbox;
using FunnelStudio.Records;
using FunnelStudio.Saving;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// <c>ctx</c>'s functions for a script that runs on a record for a user: <c>set</c> only fields the
/// object has, that are not computed and that the user may write (bound by type like any input);
/// <c>query</c> through the record service, so the user's permissions decide what it finds and hidden
/// fields stay hidden; <c>webhook</c> queued as an outbox message.
/// </summary>
public sealed class SaveScriptHost(Rules.CompiledPackage package, ObjectDefinition obj, Access.ObjectAccess access, IRecordService records,
    ActingUser user, CancellationToken cancellationToken) : IScriptHostApi
{
    public List<(string? Field, string Message)> Errors { get; } = [];
    public Dictionary<string, object?> Sets { get; } = new(StringComparer.Ordinal);
    public List<OutboxMessage> Outbox { get; } = [];
    public Guid? RecordId { get; init; }

    public void AddError(string? field, string message) => Errors.Add(ScriptHostChecks.Error(obj, field, message));

    public void Set(string field, string json) => Sets[field] = ScriptHostChecks.SetValue(obj, access, field, json);

    public void Log(string text) { }

    public string Query(string objectName, string filterJson, int limit)
    {
        using var doc = JsonDocument.Parse(filterJson);
        var query = new RecordQuery(objectName) { PageSize = Math.Clamp(limit, 1, ScriptingOptions.MaxQueryRows) };
        var filters = new List<FieldEquals>();
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new ScriptHostException($"ctx.query: the filter on '{property.Name}' must be a string, number or boolean."),
            };
            switch (property.Name)
            {
                case "$search": query = query with { Search = text }; break;
                case "$stage": query = query with { Stage = text }; break;
                case "$owner": query = query with { Owner = text }; break;
                default:
                    filters.Add(new FieldEquals(property.Name, text, Digits: false));
                    break;
            }
        }
        // Phone fields compare digits only (what people type around them differs); the queried object says which.
        var phones = package.Object(objectName)?.Definition.Fields.Where(f => f.Type == FieldType.Phone).Select(f => f.Name).ToHashSet() ?? [];
        query = query with { FieldFilters = filters.Select(f => f with { Digits = phones.Contains(f.Field) }).ToList() };
        RecordPage page;
        try
        {
            // ctx functions are synchronous (Jint calls them inline); the query is a short read on a pool connection.
            page = records.QueryAsync(query, user, cancellationToken).GetAwaiter().GetResult();
        }
        catch (InvalidQueryException e)
        {
            throw new ScriptHostException("ctx.query: " + e.Message);
        }
        return ScriptQueryJson.Write(page.Items, RecordId);
    }

    public void Webhook(string url, string bodyJson, string? secret)
    {
        Outbox.Add(WebhookMessages.Create(ScriptHostChecks.WebhookUrl(url, Outbox.Count), bodyJson, secret, RecordId));
    }

    /// <summary>What the script set, as the JSON object a save command takes (for actions and after-commit hooks).</summary>
    public JsonElement SetsAsJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (field, value) in Sets)
            {
                writer.WritePropertyName(field);
                if (value is null) writer.WriteNullValue();
                else RecordJson.Write(writer, value, obj.Field(field));
            }
            writer.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray());
        return doc.RootElement.Clone();
    }

}
