using System.Text.Json.Nodes;
using FunnelStudio.Approvals;
using FunnelStudio.Audit;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// For objects with approval flows: loads the record's requests (what <c>Fn.Approved</c> reads) and
/// refuses a change to a record a pending <c>lockRecord</c> request holds, with <c>RECORD_LOCKED</c>.
/// Admins may still change it; that is audited. The save that carries out the request's own
/// decision is not held by its lock.
/// </summary>
public sealed class ApprovalLockStep(IApprovalStore approvals, IAuditLog audit) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Object.Approvals.Count == 0 || context.Existing is not { } existing) return;
        context.ApprovalRequests = await approvals.ForRecordAsync(existing.Id, cancellationToken);
        context.ApprovedFlows = ApprovedFlows(context.ApprovalRequests, context.Command.Approval?.ApprovedFlow);

        var locking = context.ApprovalRequests.FirstOrDefault(r => r is { IsPending: true, LockRecord: true });
        if (locking is null || context.Command.Approval is not null || context.User.IsSystem) return;
        if (context.Package.Access.IsAdmin(context.User))
        {
            await audit.WriteAsync(AuditEntry.Of(context.Now, context.User.Id, AuditActions.ApprovalLockBypassed, AuditActions.RecordTarget,
                existing.Id.ToString(), new JsonObject
                {
                    ["object"] = context.Object.Name, ["request"] = locking.Id.ToString(), ["flow"] = locking.Flow,
                    ["operation"] = context.Command.Operation.ToString(),
                }), cancellationToken);
            return;
        }
        var flow = context.Object.Approvals.FirstOrDefault(f => f.Name == locking.Flow)?.Definition.Label ?? LocalizedText.Of(locking.Flow);
        context.Refuse(SaveStatus.Locked, new Violation(ViolationKind.Transition, "approval", null,
            EngineText.Format("approval.locked", context.Object.Definition.Label, flow)) { Code = "RECORD_LOCKED" });
    }

    /// <summary>The flows whose latest request is approved, plus the one a decision save is approving.</summary>
    public static string[] ApprovedFlows(IReadOnlyList<ApprovalRequest> requests, string? approving) =>
        requests.GroupBy(r => r.Flow).Select(g => g.MaxBy(r => r.SubmittedAt)!)
            .Where(r => r.Status == ApprovalStatus.Approved).Select(r => r.Flow)
            .Concat(approving is null ? [] : [approving]).Distinct().ToArray();
}
