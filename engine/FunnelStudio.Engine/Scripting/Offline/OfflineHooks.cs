using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Scripting.Offline;

/// <summary>An error a hook added with <c>ctx.addError</c>: <c>field: message</c>, or the message alone.</summary>
public sealed record HookError(string Hook, string? Field, string Message)
{
    public override string ToString() => Field is null ? Message : $"{Field}: {Message}";
}

/// <summary>A value a hook set with <c>ctx.set</c>, as the bound value and as JSON.</summary>
public sealed record HookChange(string Hook, string Field, object? Value, string Json);

/// <summary>
/// What an object's hooks of one event did on a record, run offline: the changes (the last value
/// per field), the errors that refused the save, the failure that stopped a script, the logs, the
/// webhooks they queued, the time they took and the statements they executed. Hooks stop at the first that refuses or fails, as in a save.
/// </summary>
public sealed record OfflineHookResult(
    IReadOnlyList<string> Hooks,
    IReadOnlyList<HookChange> Changes,
    IReadOnlyList<HookError> Errors,
    ScriptError? Failure,
    string? FailedHook,
    IReadOnlyList<string> Logs,
    IReadOnlyList<(string Url, string BodyJson)> Webhooks,
    double DurationMs,
    long Statements)
{
    public bool Refused => Errors.Count > 0;
    public bool Failed => Failure is not null;
}

/// <summary>
/// Runs an object's hooks of one event without a database — what <c>funnelstudio script run</c> and
/// package tests use. Hooks run in the save's order (by order, then package before plugin); each sees
/// the record with what the earlier ones set. <c>ctx.query</c> answers <c>[]</c>.
/// </summary>
public static class OfflineHooks
{
    public static OfflineHookResult Run(ScriptRunner runner, CompiledPackage package, CompiledObject obj, string evt,
        RecordValues record, RecordValues? old, ActingUser user)
    {
        var definition = obj.Definition;
        var scripts = package.Scripts;
        var access = package.Access.For(user, definition);
        var userJson = ScriptValues.User(user);
        var stage = obj.Pipeline is { } pipeline ? record.GetString(pipeline.Field) ?? old?.GetString(pipeline.Field) ?? pipeline.First.Name : null;
        var oldJson = old is null ? null : ScriptValues.Record(definition, old, null, obj.Pipeline is { } p ? old.GetString(p.Field) : null);
        var ran = new List<string>();
        var changes = new Dictionary<string, HookChange>(StringComparer.Ordinal);
        var errors = new List<HookError>();
        var logs = new List<string>();
        var webhooks = new List<(string, string)>();
        var duration = 0.0;
        var statements = 0L;
        foreach (var hook in scripts.Hooks(definition.Name, evt))
        {
            ran.Add(hook.Id);
            var host = new OfflineScriptHost(definition, access);
            var run = ScriptRun.ForHook(scripts, hook, ScriptValues.Record(definition, record, null, stage), oldJson, userJson);
            var result = runner.Run(scripts, run, host, hook.Plugin);
            duration += result.DurationMs;
            statements += result.Statements ?? 0;
            logs.AddRange(result.Logs);
            if (result.Error is { } error)
                return Done(error, hook.Id);
            errors.AddRange(host.Errors.Select(e => new HookError(hook.Id, e.Field, e.Message)));
            if (host.Errors.Count > 0) break;
            foreach (var (field, value) in host.Sets)
                changes[field] = new HookChange(hook.Id, field, value, OfflineScriptHost.ValueJson(definition.Field(field), value));
            record = record.With(host.Sets);
            webhooks.AddRange(host.Webhooks);
        }
        return Done(null, null);

        OfflineHookResult Done(ScriptError? failure, string? failedHook) =>
            new(ran, changes.Values.ToList(), errors, failure, failedHook, logs, webhooks, duration, statements);
    }

    /// <summary>The user a run acts as when none is given: one holding the package's first admin role.</summary>
    public static ActingUser DefaultUser(PackageDefinition package) =>
        new("offline-user", "Offline user", package.Roles.FirstOrDefault(r => r.Admin) is { } admin ? [admin.Name] : []);
}
