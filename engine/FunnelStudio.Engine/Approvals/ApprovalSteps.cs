using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Audit;
using FunnelStudio.Metadata;
using FunnelStudio.Notifications;
using FunnelStudio.Outbox;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Approvals;

/// <summary>
/// Starts steps: from a given step on, skips those marked skipped, resolves the approvers of the
/// first one left (only users who can read the record: an approver who cannot is skipped with an
/// audit line; a step left with nobody goes to the package's admins), and says what to send: the
/// <c>requested</c> notification and the escalation timer. No step left: the request is approved.
/// </summary>
public sealed class ApprovalSteps(IUserDirectory directory, IAuditLog audit)
{
    /// <summary>The outbox kind of an escalation timer.</summary>
    public const string EscalateKind = "approval.escalate";

    public sealed record Started(ApprovalRequest Request, IReadOnlyList<ApprovalTask> NewTasks, IReadOnlyList<OutboxMessage> Outbox)
    {
        public bool Finished => Request.Status != ApprovalStatus.Pending;
    }

    public async Task<Started> StartFromAsync(ApprovalRequest request, ApprovalFlowDefinition flow, int from, StoredRecord record,
        CompiledPackage package, DateTime now, CancellationToken cancellationToken)
    {
        var steps = request.Steps.ToList();
        var index = from;
        while (index < steps.Count && steps[index].Status == ApprovalStepStatus.Skipped) index++;
        if (index >= steps.Count)
            return new Started(request with { Status = ApprovalStatus.Approved, DecidedAt = now, CurrentStep = Math.Max(0, steps.Count - 1) }, [], []);

        var step = flow.Steps[index];
        var users = await directory.AllAsync(cancellationToken);
        var approvers = await ReadersAsync(PartyResolver.Resolve(step.Approvers, record, users), request, step, record, package, users, now, cancellationToken);
        if (approvers.Count == 0)
            approvers = users.Where(u => u.Active && u.Roles.Any(r => package.Definition.Roles.Any(d => d.Admin && d.Name == r))).ToList();
        steps[index] = new ApprovalStepState(ApprovalStepStatus.Pending) { StartedAt = now };
        var tasks = approvers.Select(a => new ApprovalTask(0, index, a.Id) { AssignedAt = now }).ToList();
        var updated = request with { Steps = steps, CurrentStep = index };

        var outbox = new List<OutboxMessage>();
        if (flow.Notifications.Requested is { } template && tasks.Count > 0)
            outbox.Add(Notification(template, "approval.requested", tasks.Select(t => t.ApproverId).ToList(), updated, flow, record, package, users).ToMessage());
        if (step.EscalateAfter is { } after)
            outbox.Add(new OutboxMessage(EscalateKind, JsonSerializer.Serialize(new EscalationTimer(request.Id, index)))
            {
                RecordId = record.Id, NotBefore = now + after, Description = $"{flow.Name}: escalate step {step.Name} after {after}",
            });
        return new Started(updated, tasks, outbox);
    }

    /// <summary>The users of <paramref name="candidates"/> who may read the record; the others are audited and left out.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> ReadersAsync(IReadOnlyList<DirectoryUser> candidates, ApprovalRequest request,
        ApprovalStepDefinition step, StoredRecord record, CompiledPackage package, IReadOnlyList<DirectoryUser> users, DateTime now,
        CancellationToken cancellationToken)
    {
        var obj = package.Object(record.Object)!.Definition;
        var readers = new List<DirectoryUser>();
        foreach (var candidate in candidates)
        {
            if (package.Access.For(PartyResolver.ToActingUser(candidate, users), obj).CanRead(record.OwnerId))
            {
                readers.Add(candidate);
                continue;
            }
            await audit.WriteAsync(AuditEntry.Of(now, AuditActions.SystemActor, AuditActions.ApproverSkipped, AuditActions.RecordTarget,
                record.Id.ToString(), new JsonObject
                {
                    ["object"] = record.Object, ["request"] = request.Id.ToString(), ["flow"] = request.Flow,
                    ["step"] = step.Name, ["approver"] = candidate.Id, ["reason"] = "cannot read the record",
                }), cancellationToken);
        }
        return readers;
    }

    /// <summary>A notification about a request, with the values approval templates read.</summary>
    public static NotificationRequest Notification(string template, string @event, IReadOnlyList<string> recipients, ApprovalRequest request,
        ApprovalFlowDefinition flow, StoredRecord record, CompiledPackage package, IReadOnlyList<DirectoryUser> users,
        string? decision = null, string? comment = null)
    {
        var locale = package.Definition.DefaultLocale;
        var step = request.CurrentStep < flow.Steps.Count ? flow.Steps[request.CurrentStep] : null;
        return new NotificationRequest(template, @event, recipients)
        {
            Object = record.Object,
            RecordId = record.Id,
            Link = $"/approvals/{request.Id}",
            Values = new Dictionary<string, string?>
            {
                ["approval.id"] = request.Id.ToString(),
                ["approval.flow"] = flow.Name,
                ["approval.flow_label"] = flow.Label.Get(locale),
                ["approval.step"] = step?.Name,
                ["approval.step_label"] = step?.Label.Get(locale),
                ["approval.status"] = request.Status.ToString().ToLowerInvariant(),
                ["approval.decision"] = decision,
                ["approval.comment"] = comment,
                ["approval.submitted_by"] = users.FirstOrDefault(u => u.Id == request.SubmittedBy)?.Name ?? request.SubmittedBy,
                ["approval.reason"] = request.Reason.Get(locale),
            },
        };
    }
}

/// <summary>The payload of an escalation timer: the step that escalates if it is still waiting.</summary>
public sealed record EscalationTimer(Guid Request, int Step);
