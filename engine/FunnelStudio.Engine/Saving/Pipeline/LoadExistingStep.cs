using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>Loads the record an update, delete or move changes, and checks the user may change it.</summary>
public sealed class LoadExistingStep(IRecordStore store) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        if (command.Operation == SaveOperation.Create)
        {
            if (command.RecordId is not null)
                context.Refuse(SaveStatus.ValidationFailed, Problem("id", "A new record cannot name its id."));
            return;
        }
        if (command.RecordId is not { } id)
        {
            context.Refuse(SaveStatus.NotFound, Problem("id", "The record id is missing."));
            return;
        }
        var existing = await store.FindAsync(context.Object.Name, id, cancellationToken);
        if (existing is null || existing.Deleted)
        {
            context.Refuse(SaveStatus.NotFound, Problem("id", $"There is no {context.Object.Name} {id}."));
            return;
        }
        if (!context.User.CanSeeOwner(existing.OwnerId))
        {
            context.Refuse(SaveStatus.Forbidden, Problem("owner", "This record belongs to someone else."));
            return;
        }
        if (command.ExpectedVersion is { } expected && expected != existing.Version)
        {
            context.Refuse(SaveStatus.Conflict, Problem("version",
                "Someone else saved this record after you opened it. Reload it to see their changes."));
            return;
        }
        context.Existing = existing;
        context.Values = existing.Values;
    }

    private static Violation Problem(string rule, string message) =>
        new(ViolationKind.Transition, rule, null, LocalizedText.Of(message));
}
