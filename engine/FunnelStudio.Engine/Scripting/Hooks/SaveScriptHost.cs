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

    public void AddError(string? field, string message)
    {
        if (field is not null && obj.Field(field) is null) field = null;
        Errors.Add((field, string.IsNullOrWhiteSpace(message) ? "Refused by a script." : Truncate(message, 1_000)));
    }

    public void Set(string field, string json)
    {
        var definition = obj.Field(field) ?? throw new ScriptHostException($"ctx.set: '{obj.Name}' has no field '{field}'.");
        if (definition.IsComputed || definition.IsStageField)
            throw new ScriptHostException($"ctx.set: '{field}' is {(definition.IsStageField ? "the stage (move the record instead)" : "computed")} and cannot be set.");
        if (!user.IsSystem && !access.CanWrite(field))
            throw new ScriptHostException($"ctx.set: the user may not write '{field}'.");
        using var doc = JsonDocument.Parse(json);
        var (value, error) = ValueBinder.BindJson(definition, doc.RootElement);
        if (error is not null) throw new ScriptHostException($"ctx.set('{field}'): {error.Message.Get("en")}");
        Sets[field] = value;
    }

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
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ScriptHostException($"ctx.webhook: '{url}' is not an http(s) URL.");
        if (Outbox.Count >= 10) throw new ScriptHostException("ctx.webhook: at most 10 webhooks per run.");
        Outbox.Add(WebhookMessages.Create(uri, bodyJson, secret, RecordId));
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

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] + "…" : text;
}
