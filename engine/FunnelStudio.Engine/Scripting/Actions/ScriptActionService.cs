using System.Text.Json;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Scripting.Actions;

/// <summary>
/// Finds the action, reads the record through the user's access, runs the function with a
/// <c>ctx</c> like a <c>beforeSave</c> hook's (hidden fields left out of <c>ctx.record</c>), and saves what
/// it set through the one save pipeline (<see cref="SaveSource.Script"/>). A failure or
/// <c>ctx.addError</c> refuses with <c>SCRIPT_FAILED</c> and writes nothing.
/// </summary>
public sealed class ScriptActionService(IPackageRuntime runtime, IRecordService records, ScriptRunner runner) : IScriptActionService
{
    /// <summary><c>ctx.event</c> of an action's run.</summary>
    public const string Event = "action";

    public IReadOnlyList<ScriptActionDefinition> Available(string obj, ActingUser user) =>
        runtime.Current.Scripts.Actions(obj).Where(a => MayRun(a, user)).ToArray();

    private static bool MayRun(ScriptActionDefinition action, ActingUser user) =>
        user.IsSystem || action.Roles.Count == 0 || action.Roles.Any(user.HasRole);

    public async Task<ScriptActionResult> RunAsync(string obj, Guid recordId, string action, ActingUser user, long? expectedVersion,
        CancellationToken cancellationToken)
    {
        var package = runtime.Current;
        var scripts = package.Scripts;
        // An action the user may not run is not there for them: the same answer as an unknown name.
        if (package.Object(obj) is not { } compiled || scripts.Action(obj, action) is not { } definition || !MayRun(definition, user))
            return ScriptActionResult.Of(ScriptActionStatus.ActionNotFound);
        var read = await records.GetAsync(obj, recordId, user, cancellationToken);
        if (read.Status == ReadStatus.NotFound) return ScriptActionResult.Of(ScriptActionStatus.RecordNotFound);
        if (read.Status == ReadStatus.Forbidden) return ScriptActionResult.Of(ScriptActionStatus.RecordForbidden);
        var record = read.Record!;
        var objectDefinition = compiled.Definition;
        var access = records.Access(obj, user) ?? package.Access.For(user, objectDefinition);

        var host = new SaveScriptHost(package, objectDefinition, access, records, user, cancellationToken) { RecordId = record.Id };
        var run = new ScriptRun(definition.Script, definition.Function,
            ScriptValues.Record(objectDefinition, record.Values, record.Id, record.Stage, field => !user.IsSystem && access.IsHidden(field)))
        {
            UserJson = ScriptValues.User(user),
            SettingsJson = scripts.SettingsJson(definition.Plugin),
            Object = obj,
            Event = Event,
        };
        var result = runner.Run(scripts, run, host, definition.Plugin);
        if (result.Error is { } error)
            return Refused(new Violation(ViolationKind.Script, definition.Id, null, EngineText.Format("script.failed", error.Location, error.Message))
            {
                Code = BeforeSaveScriptsStep.Code,
                ScriptLocation = error.Location,
                Error = error.ToString(),
            }, result.Logs);
        if (host.Errors.Count > 0)
            return new ScriptActionResult(ScriptActionStatus.Refused, null, SaveResult.Refused(SaveStatus.ValidationFailed,
                host.Errors.Select(e => new Violation(ViolationKind.Script, definition.Id, e.Field, LocalizedText.Of(e.Message))
                {
                    Code = BeforeSaveScriptsStep.Code,
                    ScriptLocation = definition.Script,
                }).ToArray()), result.Logs);
        if (host.Sets.Count == 0)
        {
            // Nothing to save; a stale version is still a conflict, so a caller that sent one learns it.
            if (expectedVersion is { } expected && expected != record.Version)
                return new ScriptActionResult(ScriptActionStatus.Refused, null, SaveResult.Refused(SaveStatus.Conflict, []), result.Logs);
            return new ScriptActionResult(ScriptActionStatus.Done, record, null, result.Logs);
        }

        var saved = await records.SaveAsync(new SaveCommand(obj, SaveOperation.Update, user)
        {
            RecordId = record.Id,
            JsonValues = Values(objectDefinition, host.Sets),
            ExpectedVersion = expectedVersion,
            Source = SaveSource.Script,
        }, cancellationToken);
        return saved.Succeeded
            ? new ScriptActionResult(ScriptActionStatus.Done, saved.Record, saved, result.Logs) { Written = true }
            : new ScriptActionResult(ScriptActionStatus.Refused, null, saved, result.Logs);
    }

    private static ScriptActionResult Refused(Violation violation, IReadOnlyList<string> logs) =>
        new(ScriptActionStatus.Refused, null, SaveResult.Refused(SaveStatus.ValidationFailed, violation), logs);

    /// <summary>The values <c>ctx.set</c> bound, as the JSON object a save takes (bound again by the pipeline, like any input).</summary>
    private static JsonElement Values(ObjectDefinition obj, IReadOnlyDictionary<string, object?> sets)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (field, value) in sets)
            {
                writer.WritePropertyName(field);
                if (value is null) writer.WriteNullValue();
                else RecordJson.Write(writer, value, obj.Field(field)!);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
