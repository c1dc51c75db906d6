using FunnelStudio.Stages;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// On a stage change, the stage decision: every unmet exit criterion of the stages left behind,
/// entry criterion of the target and missing required field refuses the save.
/// </summary>
public sealed class StageGateStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var pipeline = context.Object.Pipeline;
        var target = context.TargetStage;
        if (pipeline is null || target is null || context.Command.Operation == SaveOperation.Delete) return Task.CompletedTask;
        if (context.Existing is not null && context.Existing.Stage == target) return Task.CompletedTask;

        var decision = StageDecisionService.Decide(context.Object, context.Existing?.Values, context.Values, target,
            context.User.ToRuleUser(), context.Now, ValidateStep.System(context),
            fromStage: context.Existing?.Stage ?? pipeline.First.Name);
        foreach (var violation in decision.Blocking) context.Refuse(SaveStatus.StageBlocked, violation);
        return Task.CompletedTask;
    }
}
