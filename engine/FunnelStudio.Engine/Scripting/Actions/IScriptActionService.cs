using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Scripting.Actions;

/// <summary>
/// Runs a package's actions — the named buttons on a record's page (and
/// <c>POST …/records/{id}/actions/{name}</c>). The action's function sees the record through the
/// user's permissions; what it sets is saved with one <see cref="IRecordService.SaveAsync"/>, so
/// permissions, validation and <c>beforeSave</c> hooks apply exactly as to any other save.
/// </summary>
public interface IScriptActionService
{
    /// <summary>
    /// Runs <paramref name="action"/> of <paramref name="obj"/> on record <paramref name="recordId"/> as
    /// <paramref name="user"/>. <paramref name="expectedVersion"/> (the version the user saw) makes a
    /// stale run a <see cref="SaveStatus.Conflict"/>; null skips the check.
    /// </summary>
    Task<ScriptActionResult> RunAsync(string obj, Guid recordId, string action, ActingUser user, long? expectedVersion,
        CancellationToken cancellationToken);

    /// <summary>The object's actions <paramref name="user"/> may run (those whose roles include one of the user's, or that name no roles).</summary>
    IReadOnlyList<Metadata.ScriptActionDefinition> Available(string obj, ActingUser user);
}

/// <summary>How an action run ended.</summary>
public enum ScriptActionStatus
{
    /// <summary>The function returned: its changes were saved (<see cref="ScriptActionResult.Written"/>), or it changed nothing.</summary>
    Done,
    /// <summary>No such action for the object, or the user holds none of its roles (it is not there for them).</summary>
    ActionNotFound,
    /// <summary>No such record, or one the user may not read.</summary>
    RecordNotFound,
    RecordForbidden,
    /// <summary>
    /// Nothing was written: the script failed or called <c>ctx.addError</c> (violations with code
    /// <c>SCRIPT_FAILED</c>), or the save pipeline refused its changes (<see cref="ScriptActionResult.Save"/>'s status says why).
    /// </summary>
    Refused,
}

/// <summary>
/// The outcome of an action: the record as it is after the run, whether the run wrote it, the refused
/// save (for <see cref="ScriptActionStatus.Refused"/>), and what the script logged.
/// </summary>
public sealed record ScriptActionResult(ScriptActionStatus Status, StoredRecord? Record, SaveResult? Save, IReadOnlyList<string> Logs)
{
    public bool Succeeded => Status == ScriptActionStatus.Done;

    /// <summary>True when the action's changes were saved (a new version of the record).</summary>
    public bool Written { get; init; }

    public IReadOnlyList<Violation> Violations => Save?.Violations ?? [];

    public static ScriptActionResult Of(ScriptActionStatus status) => new(status, null, null, []);
}
