using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;

namespace FunnelStudio.Approvals;

/// <summary>
/// The escalation timer of a step (an outbox message due <c>escalateAfter</c> after the step
/// started): when the step is still waiting, it is flagged escalated, the <c>escalateTo</c>
/// approvers are added to it (each of whom decides the step alone), and the <c>escalated</c>
/// notification goes to everyone asked. A step decided meanwhile makes the timer do nothing. A
/// decision racing the escalation makes it fail and retry, when it finds the step decided.
/// </summary>
public sealed class EscalationHandler(IApprovalStore store, IRecordStore records, IPackageRuntime runtime, IUserDirectory directory,
    ApprovalSteps steps, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalSteps.EscalateKind;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var timer = JsonSerializer.Deserialize<EscalationTimer>(item.Payload)
            ?? throw new InvalidOperationException("The escalation timer's payload is empty.");
        var request = await store.FindAsync(timer.Request, cancellationToken);
        if (request is not { IsPending: true } || request.CurrentStep != timer.Step || request.Steps[timer.Step].Escalated) return;
        var flow = ApprovalReader.ReadPinned(request.FlowSource);
        var record = await records.FindAsync(request.Object, request.RecordId, cancellationToken);
        if (flow is null || record is null || timer.Step >= flow.Steps.Count) return;

        var now = clock.GetUtcNow().UtcDateTime;
        var step = flow.Steps[timer.Step];
        var users = await directory.AllAsync(cancellationToken);
        var package = runtime.Current;
        var added = new List<ApprovalTask>();
        if (step.EscalateTo is { } to)
        {
            var asked = request.Tasks.Where(t => t.Step == timer.Step).Select(t => t.ApproverId).ToHashSet();
            var readers = await steps.ReadersAsync(PartyResolver.Resolve(to, record, users), request, step, record, package, users, now, cancellationToken);
            added.AddRange(readers.Where(u => !asked.Contains(u.Id))
                .Select(u => new ApprovalTask(0, timer.Step, u.Id) { Escalation = true, AssignedAt = now }));
        }
        var states = request.Steps.ToList();
        states[timer.Step] = states[timer.Step] with { Escalated = true };
        var updated = request with { Steps = states, Escalated = true };
        var outbox = new List<OutboxMessage>();
        if (flow.Notifications.Escalated is { } template)
        {
            var recipients = request.OpenTasks.Select(t => t.ApproverId).Concat(added.Select(t => t.ApproverId)).Distinct().ToList();
            if (recipients.Count > 0)
                outbox.Add(ApprovalSteps.Notification(template, "approval.escalated", recipients, updated, flow, record, package, users).ToMessage());
        }
        await store.ApplyAsync(new ApprovalChange(updated, request.Version) { NewTasks = added }, outbox, cancellationToken);
    }
}
