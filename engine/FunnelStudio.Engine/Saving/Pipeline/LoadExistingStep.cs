using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Loads the record an update, delete or move changes and checks the user may do that with it:
/// create needs the role's <c>create</c>; anything else needs the record within the user's read
/// scope (else it is someone else's) and within the edit scope (update, move) or delete scope.
/// </summary>
public sealed class LoadExistingStep(IRecordStore store) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        var label = context.Object.Definition.Label;
        if (command.Operation == SaveOperation.Create)
        {
            if (!context.Access.CanCreate)
                context.Refuse(SaveStatus.Forbidden, Problem("access", EngineText.Format("access.create", label)));
            else if (command.RecordId is not null)
                context.Refuse(SaveStatus.ValidationFailed, Problem("id", LocalizedText.Of("A new record cannot name its id.")));
            return;
        }
        if (command.RecordId is not { } id)
        {
            context.Refuse(SaveStatus.NotFound, Problem("id", LocalizedText.Of("The record id is missing.")));
            return;
        }
        var existing = await store.FindAsync(context.Object.Name, id, cancellationToken);
        if (existing is null || existing.Deleted)
        {
            context.Refuse(SaveStatus.NotFound, Problem("id", LocalizedText.Of($"There is no {context.Object.Name} {id}.")));
            return;
        }
        var access = context.Access;
        var refusal = !access.CanRead(existing.OwnerId) ? EngineText.Format("access.read")
            : command.Operation == SaveOperation.Delete ? (access.CanDelete(existing.OwnerId) ? null : EngineText.Format("access.delete", label))
            : access.CanEdit(existing.OwnerId) ? null : EngineText.Format("access.edit", label);
        if (refusal is not null)
        {
            context.Refuse(SaveStatus.Forbidden, Problem("access", refusal));
            return;
        }
        if (command.ExpectedVersion is { } expected && expected != existing.Version)
        {
            context.Refuse(SaveStatus.Conflict, Problem("version", LocalizedText.Of(
                "Someone else saved this record after you opened it. Reload it to see their changes.")));
            return;
        }
        context.Existing = existing;
        context.Values = existing.Values;
    }

    private static Violation Problem(string rule, LocalizedText message) =>
        new(ViolationKind.Transition, rule, null, message) { Code = rule == "access" ? "FORBIDDEN" : null };
}
