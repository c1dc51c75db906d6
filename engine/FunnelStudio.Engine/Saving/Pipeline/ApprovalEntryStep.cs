using System.Diagnostics;
using FunnelStudio.Approvals;
using FunnelStudio.Localization;
using FunnelStudio.Rules;
using FunnelStudio.Tracing;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Evaluates each approval flow's entry rule on the record after the change and starts a request,
/// written in the save's transaction, when the rule holds and no request of the flow is pending —
/// and either the rule did not hold before the save, the save changes a field the rule reads, or
/// the record never had a request of the flow. So raising an approved discount asks again, and an
/// unrelated edit doesn't. Runs before the stage gate: a save that starts a request doesn't pass a
/// gate on <c>Fn.Approved</c> with the approval it just made stale. An entry rule that cannot be
/// evaluated refuses the save (gates fail closed).
/// </summary>
public sealed class ApprovalEntryStep(ApprovalSteps steps, IPackageRuntime runtime) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var flows = context.Object.Approvals;
        if (flows.Count == 0 || context.IsRefused || context.Command.Operation == SaveOperation.Delete || context.Command.Approval is not null) return;
        var startedAt = Stopwatch.GetTimestamp();
        var user = context.User.ToRuleUser();
        var system = ValidateStep.System(context);
        var now = context.Object.Evaluate(context.Values, context.Existing?.Values, user, context.Now, system).Inputs;
        RuleInputs? before = context.Existing is { } existing ? context.Object.Evaluate(existing.Values, null, user, context.Now, system).Inputs : null;

        foreach (var flow in flows)
        {
            var entry = flow.Entry.Evaluate(now);
            if (entry.Error is not null)
            {
                context.Refuse(SaveStatus.ValidationFailed, new Violation(ViolationKind.Validation, flow.Entry.Name, null,
                    EngineText.Format("approval.entryError", flow.Definition.Label)) { Error = entry.Error.Detail });
                continue;
            }
            if (!entry.Passed || !ShouldStart(context, flow, before)) continue;
            var request = NewRequest(context, flow, now);
            if (request is null) continue;
            var record = new StoredRecord(context.RecordId, context.Object.Name, context.Values)
            {
                OwnerId = context.Object.Definition.Owner is { } owner ? context.Values.GetString(owner.Name) : context.Existing?.OwnerId ?? context.User.Id,
            };
            var started = await steps.StartFromAsync(request, flow.Definition, 0, record, context.Package, context.Now, cancellationToken);
            context.ApprovalsStarted.Add(started.Request with { Tasks = started.NewTasks });
            context.Outbox.AddRange(started.Outbox);
            context.ApprovedFlows = started.Finished
                ? [.. context.ApprovedFlows.Append(flow.Name).Distinct()]
                : [.. context.ApprovedFlows.Where(f => f != flow.Name)];
            context.AddTrace(TraceKinds.Rules, "approval:" + flow.Name, started.Finished ? TraceDecisions.Passed : "requested", startedAt);
        }
    }

    private static bool ShouldStart(SaveContext context, CompiledApprovalFlow flow, RuleInputs? before)
    {
        var requests = context.ApprovalRequests.Where(r => r.Flow == flow.Name).ToList();
        if (requests.Any(r => r.IsPending)) return false;
        if (before is not { } old || requests.Count == 0) return true;
        bool heldBefore;
        try
        {
            heldBefore = flow.Entry.Passes(old);
        }
        catch (Exception)
        {
            heldBefore = false;
        }
        return !heldBefore || flow.EntryFields.Any(context.Changes);
    }

    /// <summary>The request with each step marked waiting or skipped by its <c>when</c> on the record as submitted; null (refused) when a <c>when</c> fails to evaluate.</summary>
    private ApprovalRequest? NewRequest(SaveContext context, CompiledApprovalFlow flow, RuleInputs inputs)
    {
        var states = new List<ApprovalStepState>();
        foreach (var condition in flow.StepConditions)
        {
            var result = condition?.Evaluate(inputs);
            if (result?.Error is { } error)
            {
                context.Refuse(SaveStatus.ValidationFailed, new Violation(ViolationKind.Validation, condition!.Name, null,
                    EngineText.Format("approval.entryError", flow.Definition.Label)) { Error = error.Detail });
                return null;
            }
            states.Add(new ApprovalStepState(result is null || result.Passed ? ApprovalStepStatus.Waiting : ApprovalStepStatus.Skipped));
        }
        return new ApprovalRequest(Guid.NewGuid(), flow.Name, context.Object.Name, context.RecordId, ApprovalStatus.Pending)
        {
            Steps = states,
            FlowSource = flow.Source,
            ConfigVersion = runtime.VersionId,
            LockRecord = flow.Definition.LockRecord,
            SubmittedBy = context.User.Id,
            SubmittedAt = context.Now,
            Reason = flow.Definition.Entry.Message,
        };
    }
}
