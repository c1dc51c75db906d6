using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Scripting;

/// <summary>
/// What every <see cref="IScriptHostApi"/> checks the same way, online or offline: the value
/// <c>ctx.set</c> may write, the webhook URL <c>ctx.webhook</c> may queue, and the message of an
/// <c>addError</c>. A refusal is a <see cref="ScriptHostException"/> the script sees as a TypeError.
/// </summary>
public static class ScriptHostChecks
{
    public const int MaxWebhooksPerRun = 10;

    /// <summary>The value of <c>ctx.set(field, json)</c>, bound by the field's type: the field must exist, not be computed or the stage, and be writable by the user.</summary>
    public static object? SetValue(ObjectDefinition obj, ObjectAccess access, string field, string json)
    {
        var definition = obj.Field(field) ?? throw new ScriptHostException($"ctx.set: '{obj.Name}' has no field '{field}'.");
        if (definition.IsComputed || definition.IsStageField)
            throw new ScriptHostException($"ctx.set: '{field}' is {(definition.IsStageField ? "the stage (move the record instead)" : "computed")} and cannot be set.");
        if (!access.User.IsSystem && !access.CanWrite(field))
            throw new ScriptHostException($"ctx.set: the user may not write '{field}'.");
        using var doc = JsonDocument.Parse(json);
        var (value, error) = ValueBinder.BindJson(definition, doc.RootElement);
        if (error is not null) throw new ScriptHostException($"ctx.set('{field}'): {error.Message.Get("en")}");
        return value;
    }

    /// <summary>The URL of <c>ctx.webhook</c>: absolute http(s), at most <see cref="MaxWebhooksPerRun"/> a run.</summary>
    public static Uri WebhookUrl(string url, int queuedSoFar)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ScriptHostException($"ctx.webhook: '{url}' is not an http(s) URL.");
        if (queuedSoFar >= MaxWebhooksPerRun) throw new ScriptHostException($"ctx.webhook: at most {MaxWebhooksPerRun} webhooks per run.");
        return uri;
    }

    /// <summary>An <c>addError</c>: a field the object lacks becomes a record-wide error; an empty message a generic one.</summary>
    public static (string? Field, string Message) Error(ObjectDefinition obj, string? field, string message, int maxLength = 1_000) =>
        (field is not null && obj.Field(field) is null ? null : field,
         string.IsNullOrWhiteSpace(message) ? "Refused by a script." : message.Length > maxLength ? message[..maxLength] + "…" : message);
}
