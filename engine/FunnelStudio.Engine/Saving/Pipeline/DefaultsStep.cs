using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// On create: field defaults, the owner (the creating user), the first stage. On every save: only
/// managers and admins may give a record to someone else (a manager within their team).
/// </summary>
public sealed class DefaultsStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var definition = context.Object.Definition;
        var ownerField = OwnerField(definition);
        if (context.Command.Operation == SaveOperation.Create)
        {
            var defaults = definition.Fields
                .Where(f => f.Default is not null && !context.Values.ContainsKey(f.Name))
                .Select(f => KeyValuePair.Create(f.Name, f.Default));
            context.Values = context.Values.With(defaults);
            if (ownerField is not null && !RecordValues.IsFilled(context.Values[ownerField.Name]))
                context.Values = context.Values.With(ownerField.Name, context.User.Id);
            if (definition.Pipeline is { } pipeline)
                context.TargetStage ??= pipeline.First.Name;
        }
        if (context.Command.Operation == SaveOperation.Delete || ownerField is null) return Task.CompletedTask;

        var owner = context.Values.GetString(ownerField.Name);
        var previous = context.Existing?.OwnerId;
        if (owner != previous && owner is not null && !context.User.CanSeeOwner(owner))
            context.Refuse(SaveStatus.Forbidden, new Violation(ViolationKind.FieldValue, "FIELD_FORBIDDEN", ownerField.Name,
                EngineText.Format("owner.forbidden", ownerField.Label)));
        return Task.CompletedTask;
    }

    /// <summary>The field that names the record's owner: a user field called <c>owner</c>, if the object has one.</summary>
    public static FieldDefinition? OwnerField(ObjectDefinition definition) =>
        definition.Field("owner") is { Type: FieldType.User } owner ? owner : null;
}
