using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Tracing;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// Runs an after-commit hook (<c>afterSave</c>, <c>onStageChange</c>) from its outbox message, on the
/// published version (a hook the version no longer has is skipped and logged). The hook sees the
/// record as the save stored it. What it sets is a new save through the one pipeline, as the user who
/// saved (their current roles and team); its webhooks are queued. It cannot undo the save it follows:
/// a failure throws, so the outbox retries it and keeps it as a dead letter after the last attempt,
/// and the failure is traced for the script failures page.
/// </summary>
public sealed class ScriptHookHandler(IPackageRuntime runtime, ScriptRunner runner, IRecordService records, IUserDirectory users,
    IOutboxStore outbox, ISaveTraceStore traces, TimeProvider clock, ILogger<ScriptHookHandler> logger) : IOutboxHandler
{
    public string Kind => HookMessages.Kind;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<HookPayload>(item.Payload)
            ?? throw new InvalidOperationException("The hook message has no payload.");
        var package = runtime.Current;
        var scripts = package.Scripts;
        var hook = scripts.Hooks(payload.Object, payload.Event)
            .FirstOrDefault(h => h.Script == payload.Script && h.Function == payload.Function && h.Plugin == payload.Plugin);
        if (hook is null || package.Object(payload.Object) is not { } compiled)
        {
            logger.LogInformation("Skipped {Event} hook {Script}#{Function}: the published version no longer has it", payload.Event, payload.Script, payload.Function);
            return;
        }
        var user = await ActingUserAsync(payload, cancellationToken);
        var host = new SaveScriptHost(package, compiled.Definition, package.Access.For(user, compiled.Definition), records, user, cancellationToken)
        {
            RecordId = payload.RecordId,
        };
        var run = ScriptRun.ForHook(scripts, hook, payload.RecordJson, payload.OldJson, payload.UserJson) with
        {
            StageJson = payload.ToStage is null ? null : JsonSerializer.Serialize(new { from = payload.FromStage, to = payload.ToStage }),
            ApprovalJson = payload.ApprovalJson,
        };
        var result = await Task.Run(() => runner.Run(scripts, run, host, hook.Plugin), cancellationToken);
        Trace(payload, hook, result, host, user);
        if (result.Error is { } error) throw new ScriptHookFailedException($"{hook.Event} {hook.Id} failed at {error}");
        foreach (var (field, message) in host.Errors)
            logger.LogWarning("{Event} hook {Hook} called addError after the save was committed ({Field}: {Message}); nothing is undone",
                hook.Event, hook.Id, field, message);
        if (host.Outbox.Count > 0) await outbox.EnqueueAsync(host.Outbox, cancellationToken);
        if (host.Sets.Count > 0) await SaveSetsAsync(payload, host, user, cancellationToken);
    }

    private async Task SaveSetsAsync(HookPayload payload, SaveScriptHost host, ActingUser user, CancellationToken cancellationToken)
    {
        var values = host.SetsAsJson();
        var result = await records.SaveAsync(new SaveCommand(payload.Object, SaveOperation.Update, user)
        {
            RecordId = payload.RecordId,
            JsonValues = values,
            Source = SaveSource.Script,
        }, cancellationToken);
        if (result.Status != SaveStatus.Saved)
            throw new ScriptHookFailedException($"The values {payload.Event} hook {payload.Script}#{payload.Function} set were refused ({result.Status}): " +
                string.Join("; ", result.Violations.Select(v => $"{v.Field ?? v.Rule}: {v.MessageIn("en")}")));
    }

    private async Task<ActingUser> ActingUserAsync(HookPayload payload, CancellationToken cancellationToken)
    {
        var all = await users.AllAsync(cancellationToken);
        var found = all.FirstOrDefault(u => u.Id == payload.UserId);
        // The user as they are now (a role taken away since the save no longer applies); the save's view when unknown.
        return found is null
            ? new ActingUser(payload.UserId, payload.UserName, payload.UserRoles)
            : new ActingUser(found.Id, found.Name, found.Roles) { TeamIds = Teams.ReportsOf(found.Id, all) };
    }

    private void Trace(HookPayload payload, ScriptHookDefinition hook, ScriptRunResult result, SaveScriptHost host, ActingUser user)
    {
        var step = new TraceStep(TraceKinds.Script, hook.Id, result.Failed ? TraceDecisions.Failed : host.Sets.Count > 0 ? TraceDecisions.Changed : TraceDecisions.Passed,
            result.DurationMs)
        {
            Source = hook.Source,
            Statements = result.Statements,
            Detail = result.Error?.ToString() ?? (host.Sets.Count > 0 ? "set " + string.Join(", ", host.Sets.Keys) : null),
        };
        traces.Record(new SaveTrace(payload.Object, hook.Event, user.Id, clock.GetUtcNow().UtcDateTime, result.Failed ? "failed" : "ran", [step])
        {
            RecordId = payload.RecordId,
            ConfigVersion = runtime.VersionId,
            DurationMs = result.DurationMs,
        });
    }
}

/// <summary>An after-commit hook failed; the outbox retries the message.</summary>
public sealed class ScriptHookFailedException(string message) : Exception(message);
