namespace FunnelStudio.Scripting;

/// <summary>
/// One call of a script function. Values are JSON text: the host builds <c>ctx.record</c>,
/// <c>ctx.old</c>, <c>ctx.user</c> and <c>ctx.settings</c> from them with Jint's JSON parser, frozen.
/// </summary>
public sealed record ScriptRun(string Module, string Function, string RecordJson)
{
    public string? OldJson { get; init; }
    public string UserJson { get; init; } = "{}";
    public string SettingsJson { get; init; } = "{}";
    /// <summary><c>ctx.object</c>, <c>ctx.event</c> and (for a stage change) <c>ctx.stage</c> as JSON.</summary>
    public string Object { get; init; } = "";
    public string Event { get; init; } = "";
    public string? StageJson { get; init; }
    /// <summary>For <c>onApproval</c>: the request decided (<c>ctx.approval</c>: id, flow, status, comment, decidedBy).</summary>
    public string? ApprovalJson { get; init; }

    /// <summary>The run of one hook on a record: its function, the settings of its plugin (if any), its event.</summary>
    public static ScriptRun ForHook(CompiledScripts scripts, Metadata.ScriptHookDefinition hook, string recordJson, string? oldJson, string userJson) =>
        new(hook.Script, hook.Function, recordJson)
        {
            OldJson = oldJson,
            UserJson = userJson,
            SettingsJson = scripts.SettingsJson(hook.Plugin),
            Object = hook.Object,
            Event = hook.Event,
        };
}

/// <summary>How a run went: its logs, its time, the statements it executed, and the error that stopped it (null: it returned).</summary>
public sealed record ScriptRunResult(ScriptError? Error, IReadOnlyList<string> Logs, double DurationMs)
{
    /// <summary>Statements executed; null unless counted (<see cref="ScriptingOptions.CountStatements"/>).</summary>
    public long? Statements { get; init; }

    public bool Failed => Error is not null;
}
