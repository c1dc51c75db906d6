using FunnelStudio.Access;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// References must resolve (<c>FIELD_REFERENCE</c> otherwise): a lookup names a live record of its
/// target object that the acting user may read, a user field an active user. Only values the save
/// sets are checked, so a record keeps pointing to what others linked before.
/// </summary>
public sealed class ReferencesStep(IRecordStore store, IUserDirectory users) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation == SaveOperation.Delete) return;
        var failed = context.Violations.Where(v => v.Field is not null).Select(v => v.Field!).ToHashSet(StringComparer.Ordinal);
        foreach (var field in context.Object.Definition.Fields)
        {
            if (field.Type is not (FieldType.Lookup or FieldType.User) || failed.Contains(field.Name)) continue;
            if (context.Values.GetString(field.Name) is not { Length: > 0 } value || !context.Changes(field.Name)) continue;
            var ok = field.Type == FieldType.Lookup
                ? await RecordResolvesAsync(context, field, value, cancellationToken)
                : value == context.User.Id || (await users.FindAsync(value, cancellationToken))?.Active == true;
            if (ok) continue;
            var message = field.Type == FieldType.Lookup
                ? EngineText.Format("reference.record", field.Label, context.Package.Object(field.Target!)?.Definition.Label ?? LocalizedText.Of(field.Target!))
                : EngineText.Format("reference.user", field.Label);
            context.Refuse(SaveStatus.ValidationFailed, Violation.FieldError("FIELD_REFERENCE", field.Name, message));
        }
    }

    private async Task<bool> RecordResolvesAsync(SaveContext context, FieldDefinition field, string value, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(value, out var id) || context.Package.Object(field.Target!) is not { } target) return false;
        var record = await store.FindAsync(target.Name, id, cancellationToken);
        return record is { Deleted: false } && context.Package.Access.For(context.User, target.Definition).CanRead(record.OwnerId);
    }
}
