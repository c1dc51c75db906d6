using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Refuses writes to fields the user's roles limit (<c>FIELD_FORBIDDEN</c>, nothing written): a
/// hidden field may not be named at all, a read-only one may not change. Sending a read-only field
/// with the value it already has (an API client echoing what it read) is not a change. A hidden
/// field is refused whatever its value, so the answer never tells what the field holds.
/// </summary>
public sealed class FieldPermissionStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation == SaveOperation.Delete) return Task.CompletedTask;
        var definition = context.Object.Definition;
        foreach (var name in context.InputFields.Append(definition.Pipeline?.Field).OfType<string>().Distinct())
        {
            if (definition.Field(name) is not { } field) continue;
            var access = context.Access.Field(name);
            if (access == FieldAccess.Write) continue;
            if (access == FieldAccess.Read && !Changed(context, field)) continue;
            context.Refuse(SaveStatus.Forbidden, Violation.FieldError("FIELD_FORBIDDEN", name, EngineText.Format("field.forbidden", field.Label)));
        }
        return Task.CompletedTask;
    }

    private static bool Changed(SaveContext context, FieldDefinition field)
    {
        // The stage changes by a move (board, stage endpoint) as well as by a value: a role that may
        // only read the stage may not move the record, however the move is asked for.
        if (field.IsStageField)
            return context.TargetStage is { } target && target != (context.Existing?.Stage ?? context.Object.Definition.Pipeline!.First.Name);
        return Records.RecordJson.ValueText(context.Values[field.Name], field) != Records.RecordJson.ValueText(context.Before(field.Name), field);
    }
}
