using FunnelStudio.Access;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// On create: field defaults, the owner (the creating user), the first stage. On every save of an
/// owned object: the owner is required, and a record may only be given to a user whose records the
/// acting user may edit (a team-scoped manager within the team, an own-scoped rep to nobody else).
/// </summary>
public sealed class DefaultsStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var definition = context.Object.Definition;
        var ownerField = definition.Owner;
        if (context.Command.Operation == SaveOperation.Create)
        {
            var defaults = definition.Fields
                .Where(f => f.Default is not null && !context.Values.ContainsKey(f.Name))
                .Select(f => KeyValuePair.Create(f.Name, f.Default));
            context.Values = context.Values.With(defaults);
            if (ownerField is not null && !context.InputFields.Contains(ownerField.Name))
                context.Values = context.Values.With(ownerField.Name, context.User.Id);
            if (definition.Pipeline is { } pipeline)
                context.TargetStage ??= pipeline.First.Name;
        }
        if (context.Command.Operation == SaveOperation.Delete || ownerField is null) return Task.CompletedTask;

        var owner = context.Values.GetString(ownerField.Name);
        if (!RecordValues.IsFilled(owner))
        {
            // An owned record without an owner would drop out of every own and team view.
            if (!context.Violations.Any(v => v.Field == ownerField.Name))
                context.Refuse(SaveStatus.ValidationFailed, new Violation(ViolationKind.RequiredField, ownerField.Name, ownerField.Name,
                    EngineText.Format("required", ownerField.Label)) { Code = "FIELD_REQUIRED" });
            return Task.CompletedTask;
        }
        var previous = context.Existing?.OwnerId;
        var newOwner = context.Existing is null ? owner != context.User.Id : owner != previous;
        if (newOwner && !context.Access.Reaches(context.Access.Permission.Edit, owner))
            context.Refuse(SaveStatus.Forbidden, Violation.FieldError("FIELD_FORBIDDEN", ownerField.Name,
                EngineText.Format("owner.forbidden", ownerField.Label)));
        return Task.CompletedTask;
    }
}
