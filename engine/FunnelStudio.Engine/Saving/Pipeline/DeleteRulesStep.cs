using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.References;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Plans what a delete does to the records pointing to it (<see cref="DeletePlanner"/>): refused
/// while a <c>restrict</c> lookup points to it (<see cref="SaveStatus.Referenced"/>, counted per
/// object), forbidden when a cascade would remove records beyond the user's delete permission,
/// otherwise a plan the persist step hands to the store, which carries it out in one transaction.
/// </summary>
public sealed class DeleteRulesStep(IReferenceStore references) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation != SaveOperation.Delete || context.Existing is not { } record) return;
        var outcome = await DeletePlanner.PlanAsync(context.Package, context.User, record, references, cancellationToken);
        foreach (var count in outcome.Blocking)
            context.Refuse(SaveStatus.Referenced, Counted("REFERENCED", count, EngineText.Format(
                count.Count == 1 ? "delete.referenced.one" : "delete.referenced.many", count.Count, ObjectLabel(context, count), FieldLabel(context, count))));
        foreach (var count in outcome.Forbidden)
            context.Refuse(SaveStatus.Forbidden, Counted("FORBIDDEN", count, EngineText.Format(
                "delete.cascadeForbidden", count.Count, ObjectLabel(context, count), FieldLabel(context, count))));
        context.DeletePlan = outcome.Plan;
    }

    private static Violation Counted(string code, ReferenceCount count, LocalizedText message) =>
        new(ViolationKind.Transition, code, null, message) { Code = code, References = count };

    private static LocalizedText ObjectLabel(SaveContext context, ReferenceCount count) =>
        context.Package.Object(count.Object)?.Definition is { } obj
            ? count.Count == 1 || obj.PluralLabel.IsEmpty ? obj.Label : obj.PluralLabel
            : LocalizedText.Of(count.Object);

    private static LocalizedText FieldLabel(SaveContext context, ReferenceCount count) =>
        context.Package.Object(count.Object)?.Definition.Field(count.Field)?.Label ?? LocalizedText.Of(count.Field);
}
