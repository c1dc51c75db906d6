using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// The outbox messages a stored save leaves for its after-commit hooks (<c>afterSave</c>, and
/// <c>onStageChange</c> when the stage changed): one per hook, carrying the record as saved and as
/// it was, the acting user and the stage move, so the hook runs later — on any instance — with what
/// the save saw. Written in the save's transaction (<see cref="PersistRequest.Outbox"/>).
/// </summary>
public static class HookMessages
{
    public const string Kind = "script.hook";

    public static IReadOnlyList<OutboxMessage> For(SaveContext context, StoredRecord record, StageHistoryEntry? move)
    {
        var scripts = context.Package.Scripts;
        var obj = context.Object.Definition;
        var afterSave = scripts.Hooks(obj.Name, ScriptEvents.AfterSave);
        // A stage change is a move of a record that had a stage; a new record entering its first stage is its creation (afterSave).
        var onStage = move is { From: not null } ? scripts.Hooks(obj.Name, ScriptEvents.OnStageChange) : [];
        if (afterSave.Count == 0 && onStage.Count == 0 || record.Deleted) return [];
        var recordJson = ScriptValues.Record(obj, record.Values, record.Id, record.Stage);
        var oldJson = context.Existing is { } old ? ScriptValues.Record(obj, old.Values, old.Id, old.Stage) : null;
        var userJson = ScriptValues.User(context.User);
        return afterSave.Concat(onStage).Select(hook => new OutboxMessage(Kind, JsonSerializer.Serialize(new HookPayload(
                hook.Event, obj.Name, hook.Script, hook.Function, hook.Plugin, record.Id, recordJson, oldJson, userJson,
                context.User.Id, context.User.Name, context.User.Roles, move?.From, move?.To)))
            {
                RecordId = record.Id,
                Description = $"{hook.Event} {hook.Id}",
            }).ToList();
    }

    /// <summary>
    /// The <c>onApproval</c> hooks of a request's final decision (approved, rejected) or recall, run after
    /// the decision commits as the user who decided, with the record as it stood and <c>ctx.approval</c>.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> ForApproval(Rules.CompiledPackage package, StoredRecord record, ActingUser user,
        Approvals.ApprovalRequest request, string? comment)
    {
        var hooks = package.Scripts.Hooks(record.Object, ScriptEvents.OnApproval);
        if (hooks.Count == 0 || package.Object(record.Object) is not { } obj) return [];
        var recordJson = ScriptValues.Record(obj.Definition, record.Values, record.Id, record.Stage);
        var approval = JsonSerializer.Serialize(new
        {
            id = request.Id, flow = request.Flow, status = request.Status.ToString().ToLowerInvariant(), comment, decidedBy = user.Id,
            submittedBy = request.SubmittedBy,
        });
        return hooks.Select(hook => new OutboxMessage(Kind, JsonSerializer.Serialize(new HookPayload(
                hook.Event, record.Object, hook.Script, hook.Function, hook.Plugin, record.Id, recordJson, null, ScriptValues.User(user),
                user.Id, user.Name, user.Roles, null, null) { ApprovalJson = approval }))
            {
                RecordId = record.Id,
                Description = $"{hook.Event} {hook.Id} ({request.Flow} {request.Status.ToString().ToLowerInvariant()})",
            }).ToList();
    }
}

/// <summary>Everything an after-commit hook needs, stored in the outbox message.</summary>
public sealed record HookPayload(string Event, string Object, string Script, string Function, string? Plugin, Guid RecordId,
    string RecordJson, string? OldJson, string UserJson, string UserId, string UserName, IReadOnlyList<string> UserRoles,
    string? FromStage, string? ToStage)
{
    /// <summary>For <c>onApproval</c>: the decided request, as <c>ctx.approval</c>.</summary>
    public string? ApprovalJson { get; init; }
}
