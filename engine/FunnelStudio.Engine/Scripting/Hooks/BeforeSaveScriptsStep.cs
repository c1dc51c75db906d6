using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Tracing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// Runs the object's <c>beforeSave</c> hooks in order, after validation and the stage gate. Each sees
/// the record as it would be saved; what one sets the next one sees. <c>ctx.addError</c> refuses the
/// save; a script that throws or hits a limit refuses it too (gates fail closed) — both with code
/// <c>SCRIPT_FAILED</c>, the message and where in the script. Values a script set are checked again
/// (validation rules, formulas, the stage gate) before anything is written.
/// </summary>
public sealed class BeforeSaveScriptsStep(ScriptRunner runner, IServiceProvider services) : ISaveStep
{
    public const string Code = "SCRIPT_FAILED";

    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        if (context.IsRefused || command.Operation == SaveOperation.Delete || command.Source == SaveSource.Seed) return;
        var scripts = context.Package.Scripts;
        var obj = context.Object.Definition;
        var hooks = scripts.Hooks(obj.Name, ScriptEvents.BeforeSave);
        if (hooks.Count == 0) return;

        var records = services.GetRequiredService<IRecordService>();
        var userJson = ScriptValues.User(context.User);
        var oldJson = context.Existing is { } old ? ScriptValues.Record(obj, old.Values, old.Id, old.Stage) : null;
        var stage = context.TargetStage ?? context.Existing?.Stage ?? obj.Pipeline?.First.Name;
        var changed = false;
        foreach (var hook in hooks)
        {
            var host = new SaveScriptHost(context.Package, obj, context.Access, records, context.User, cancellationToken)
            {
                RecordId = context.Existing?.Id,
            };
            var run = ScriptRun.ForHook(scripts, hook, ScriptValues.Record(obj, context.Values, context.Existing?.Id, stage), oldJson, userJson);
            // Jint runs synchronously, inline: a short CPU step like the rules before it.
            var result = runner.Run(scripts, run, host, hook.Plugin);
            context.Trace.Add(Trace(hook, result, host));
            if (result.Error is { } error)
            {
                context.Refuse(SaveStatus.ValidationFailed, Failed(hook, error));
                return;
            }
            foreach (var (field, message) in host.Errors)
                context.Refuse(SaveStatus.ValidationFailed, new Violation(ViolationKind.Script, hook.Id, field, LocalizedText.Of(message))
                {
                    Code = Code,
                    ScriptLocation = hook.Script,
                });
            if (host.Errors.Count > 0) return;
            if (host.Sets.Count > 0)
            {
                context.Values = context.Values.With(host.Sets);
                changed = true;
            }
            context.Outbox.AddRange(host.Outbox);
        }
        if (!changed) return;
        // What the scripts set is checked like any input: formulas again, validation rules, the stage gate.
        await new ValidateStep().ExecuteAsync(context, cancellationToken);
        await new StageGateStep().ExecuteAsync(context, cancellationToken);
    }

    private static Violation Failed(ScriptHookDefinition hook, ScriptError error) =>
        new(ViolationKind.Script, hook.Id, null, EngineText.Format("script.failed", error.Location, error.Message))
        {
            Code = Code,
            ScriptLocation = error.Location,
            Error = error.ToString(),
        };

    private static TraceStep Trace(ScriptHookDefinition hook, ScriptRunResult result, SaveScriptHost host) =>
        new(TraceKinds.Script, hook.Id,
            result.Failed ? TraceDecisions.Failed : host.Errors.Count > 0 ? TraceDecisions.Refused : host.Sets.Count > 0 ? TraceDecisions.Changed : TraceDecisions.Passed,
            result.DurationMs)
        {
            Source = hook.Source,
            Statements = result.Statements,
            Detail = result.Error?.ToString()
                ?? (host.Errors.Count > 0 ? string.Join("; ", host.Errors.Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}"))
                : host.Sets.Count > 0 ? "set " + string.Join(", ", host.Sets.Keys) : null),
        };
}
