using FunnelStudio.Metadata;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.References;

/// <summary>
/// The records a save's lookups newly point to (every filled lookup on create, the changed ones on
/// update): the ones the references step checked, which the store locks and checks again in the
/// write transaction, so a record deleted in between is never left pointed to.
/// </summary>
public static class ReferenceTargets
{
    public static IReadOnlyList<RecordRef> Of(SaveContext context)
    {
        List<RecordRef>? targets = null;
        foreach (var field in context.Object.Definition.Fields)
        {
            if (field is not { Type: FieldType.Lookup, Target: { } target }) continue;
            if (!Guid.TryParse(context.Values.GetString(field.Name), out var id) || !context.Changes(field.Name)) continue;
            (targets ??= []).Add(new RecordRef(target, id));
        }
        return targets?.Distinct().ToList() ?? (IReadOnlyList<RecordRef>)[];
    }
}
