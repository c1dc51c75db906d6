using System.Diagnostics;
using FunnelStudio.Rules;
using FunnelStudio.Tracing;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Computes formulas and runs required fields and validation rules on the record after the change;
/// traced as one <c>rules</c> step named <c>validation</c> with the rules that failed.
/// </summary>
public sealed class ValidateStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation == SaveOperation.Delete) return Task.CompletedTask;
        var startedAt = Stopwatch.GetTimestamp();
        var values = context.Values;
        if (context.Object.Pipeline is { } pipeline && context.TargetStage is { } stage && pipeline.Find(stage) is not null)
            values = values.With(pipeline.Field, stage);
        var evaluation = context.Object.Evaluate(values, context.Existing?.Values, context.User.ToRuleUser(), context.Now, System(context));
        context.Values = evaluation.Values;
        var fieldsWithErrors = context.Violations.Where(v => v.Field is not null).Select(v => v.Field).ToHashSet();
        List<Violation>? failed = null;
        foreach (var violation in RecordValidator.Validate(evaluation))
        {
            // A field that could not be bound is already reported; "required" on it would only repeat that.
            if (violation.Kind == ViolationKind.RequiredField && fieldsWithErrors.Contains(violation.Field)) continue;
            context.Refuse(SaveStatus.ValidationFailed, violation);
            (failed ??= []).Add(violation);
        }
        context.AddTrace(TraceKinds.Rules, "validation", failed is null ? TraceDecisions.Passed : TraceDecisions.Refused, startedAt,
            TraceDetails.Rules(failed));
        return Task.CompletedTask;
    }

    internal static RecordSystemValues System(SaveContext context) =>
        new(context.Existing?.Id.ToString(), context.Existing?.CreatedAt ?? context.Now, context.Now) { Approved = context.ApprovedFlows };
}
