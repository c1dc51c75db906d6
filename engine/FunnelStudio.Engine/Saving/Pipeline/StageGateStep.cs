using System.Diagnostics;
using FunnelStudio.Stages;
using FunnelStudio.Tracing;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// On a stage change, the stage decision: every unmet exit criterion of the stages left behind,
/// entry criterion of the target and missing required field refuses the save. Traced as one
/// <c>gate</c> step named <c>from→to</c>: the stages whose exit criteria were checked, or the rules that refused.
/// </summary>
public sealed class StageGateStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var pipeline = context.Object.Pipeline;
        var target = context.TargetStage;
        if (pipeline is null || target is null || context.Command.Operation == SaveOperation.Delete) return Task.CompletedTask;
        if (context.Existing is not null && context.Existing.Stage == target) return Task.CompletedTask;

        var startedAt = Stopwatch.GetTimestamp();
        var decision = StageDecisionService.Decide(context.Object, context.Existing?.Values, context.Values, target,
            context.User.ToRuleUser(), context.Now, ValidateStep.System(context),
            fromStage: context.Existing?.Stage ?? pipeline.First.Name);
        foreach (var violation in decision.Blocking) context.Refuse(SaveStatus.StageBlocked, violation);
        // A create in the first stage moves nowhere: no gate to trace.
        if (decision.Allowed && decision.From == target) return Task.CompletedTask;
        context.AddTrace(TraceKinds.Gate, $"{decision.From}→{target}", decision.Allowed ? TraceDecisions.Passed : TraceDecisions.Refused,
            startedAt, decision.Allowed ? TraceDetails.Stages(decision.StagesPassed) : TraceDetails.Rules(decision.Blocking));
        return Task.CompletedTask;
    }
}
