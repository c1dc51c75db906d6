using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;

namespace FunnelStudio.Approvals;

/// <summary>
/// Decides, recalls and lists requests. A decision is written only if the request is still at the
/// version it was read at (<see cref="ApprovalConflictException"/> → <see cref="ApprovalOutcomeStatus.AlreadyDecided"/>),
/// so of two approvers answering one <c>any</c> step at once exactly one wins. The final decision
/// and its <c>set</c>/<c>moveStage</c> actions are one save through the pipeline (one transaction):
/// both happen or neither.
/// </summary>
public sealed class ApprovalService(IApprovalStore store, IRecordStore records, IRecordService recordService, IPackageRuntime runtime,
    IUserDirectory directory, ApprovalSteps steps, ApprovalViews views, TimeProvider clock) : IApprovalService
{
    public Task<ApprovalOutcome> DecideAsync(Guid id, ActingUser user, ApprovalDecision decision, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, user, decision, comment, clock.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<ApprovalOutcome> DecideAsync(Guid id, ActingUser user, ApprovalDecision decision, string? comment, DateTime now,
        CancellationToken cancellationToken)
    {
        var (request, record) = await LoadAsync(id, user, cancellationToken);
        if (request is null || record is null) return ApprovalOutcome.Of(ApprovalOutcomeStatus.NotFound);
        var delegators = await DelegatorsAsync(user, now, cancellationToken);
        var task = ApprovalDecider.TaskFor(request, user.Id, delegators);
        if (task is null || !request.IsPending)
        {
            var asked = request.Tasks.Any(t => t.ApproverId == user.Id || delegators.Contains(t.ApproverId));
            return await OutcomeAsync(asked || !request.IsPending ? ApprovalOutcomeStatus.AlreadyDecided : ApprovalOutcomeStatus.Forbidden, id, user, cancellationToken);
        }
        var flow = ApprovalReader.ReadPinned(request.FlowSource)
            ?? throw new InvalidOperationException($"The flow of approval request {id} no longer reads.");
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()[..Math.Min(comment.Trim().Length, 2000)];
        var (answered, decided, stepDone) = ApprovalDecider.Answer(request, task, decision, flow.Steps[request.CurrentStep].Mode, user.Id, comment, now);
        var package = runtime.Current;
        var outbox = new List<OutboxMessage>();
        var newTasks = new List<ApprovalTask>();
        if (stepDone)
        {
            var started = await steps.StartFromAsync(answered, flow, request.CurrentStep + 1, record, package, now, cancellationToken);
            answered = started.Request;
            newTasks.AddRange(started.NewTasks);
            outbox.AddRange(started.Outbox);
        }
        var change = new ApprovalChange(answered, request.Version) { DecidedTasks = [decided], NewTasks = newTasks };
        try
        {
            if (answered.IsPending)
            {
                await store.ApplyAsync(change, outbox, cancellationToken);
                return await DoneAsync(change, record, user, delegators, cancellationToken);
            }
            return await FinishAsync(change, flow, record, user, comment, outbox, now, cancellationToken);
        }
        catch (ApprovalConflictException)
        {
            return await OutcomeAsync(ApprovalOutcomeStatus.AlreadyDecided, id, user, cancellationToken);
        }
    }

    public async Task<ApprovalOutcome> RecallAsync(Guid id, ActingUser user, string? comment, CancellationToken cancellationToken)
    {
        var (request, record) = await LoadAsync(id, user, cancellationToken);
        if (request is null || record is null) return ApprovalOutcome.Of(ApprovalOutcomeStatus.NotFound);
        if (request.SubmittedBy != user.Id) return await OutcomeAsync(ApprovalOutcomeStatus.Forbidden, id, user, cancellationToken);
        if (!request.IsPending) return await OutcomeAsync(ApprovalOutcomeStatus.AlreadyDecided, id, user, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var recalled = ApprovalDecider.Recall(request, now);
        var flow = ApprovalReader.ReadPinned(request.FlowSource);
        var outbox = new List<OutboxMessage>();
        if (flow?.Notifications.Decided is { } template && request.OpenTasks.Any())
            outbox.Add(ApprovalSteps.Notification(template, "approval.recalled", request.OpenTasks.Select(t => t.ApproverId).Distinct().ToList(),
                recalled, flow, record, runtime.Current, await directory.AllAsync(cancellationToken), "recalled", comment).ToMessage());
        outbox.AddRange(Scripting.Hooks.HookMessages.ForApproval(runtime.Current, record, user, recalled, comment));
        try
        {
            var change = new ApprovalChange(recalled, request.Version);
            await store.ApplyAsync(change, outbox, cancellationToken);
            return await DoneAsync(change, record, user, new HashSet<string>(), cancellationToken);
        }
        catch (ApprovalConflictException)
        {
            return await OutcomeAsync(ApprovalOutcomeStatus.AlreadyDecided, id, user, cancellationToken);
        }
    }

    /// <summary>The final decision: the decided notification, the flow's notify actions, and its set/moveStage actions in the same save.</summary>
    private async Task<ApprovalOutcome> FinishAsync(ApprovalChange change, ApprovalFlowDefinition flow, StoredRecord record, ActingUser user,
        string? comment, List<OutboxMessage> outbox, DateTime now, CancellationToken cancellationToken)
    {
        var request = change.Updated;
        var package = runtime.Current;
        var users = await directory.AllAsync(cancellationToken);
        var word = request.Status == ApprovalStatus.Approved ? "approved" : "rejected";
        if (flow.Notifications.Decided is { } decided)
            outbox.Add(ApprovalSteps.Notification(decided, "approval.decided", [request.SubmittedBy], request, flow, record, package, users, word, comment).ToMessage());
        outbox.AddRange(Scripting.Hooks.HookMessages.ForApproval(package, record, user, request, comment));
        var actions = request.Status == ApprovalStatus.Approved ? flow.OnApproved : flow.OnRejected;
        foreach (var notify in actions.OfType<NotifyAction>())
        {
            var to = PartyResolver.ResolveAll(notify.To, record, users).Select(u => u.Id).ToList();
            if (to.Count > 0) outbox.Add(ApprovalSteps.Notification(notify.Template, "approval." + word, to, request, flow, record, package, users, word, comment).ToMessage());
        }
        var sets = actions.OfType<SetFieldsAction>().SelectMany(a => a.Values).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var move = actions.OfType<MoveStageAction>().LastOrDefault()?.Stage;
        if (sets.Count == 0 && move is null || package.Object(record.Object) is null)
        {
            await store.ApplyAsync(change, outbox, cancellationToken);
            return await DoneAsync(change, record, user, new HashSet<string>(), cancellationToken);
        }
        // The flow's actions are the package's: they run with the system's rights, recorded as the approver's change.
        var actor = user with { IsSystem = true };
        var command = new SaveCommand(record.Object, move is null ? SaveOperation.Update : SaveOperation.MoveStage, actor)
        {
            RecordId = record.Id,
            JsonValues = JsonSerializer.SerializeToElement(sets),
            ToStage = move,
            Source = SaveSource.Approval,
            EffectiveAt = now,
            Approval = new ApprovalDecisionSave(change, request.Status == ApprovalStatus.Approved ? flow.Name : null, outbox),
        };
        var result = await recordService.SaveAsync(command, cancellationToken);
        if (result.Succeeded) return await DoneAsync(change, result.Record!, user, new HashSet<string>(), cancellationToken);
        if (result.Violations.Any(v => v.Code == "ALREADY_DECIDED")) return await OutcomeAsync(ApprovalOutcomeStatus.AlreadyDecided, request.Id, user, cancellationToken);
        return (await OutcomeAsync(ApprovalOutcomeStatus.Refused, request.Id, user, cancellationToken)) with { Violations = result.Violations };
    }

    public async Task<IReadOnlyList<ApprovalDetails>> ListAsync(ActingUser user, ApprovalListKind kind, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var delegators = await DelegatorsAsync(user, now, cancellationToken);
        IReadOnlyList<ApprovalRequest> found = kind switch
        {
            ApprovalListKind.ToDecide => await store.OpenForAsync([user.Id, .. delegators], cancellationToken),
            ApprovalListKind.SubmittedByMe => await store.SubmittedByAsync(user.Id, 200, cancellationToken),
            _ => await StuckAsync(user, now - StuckAfter, cancellationToken),
        };
        return await views.BuildAsync(found, user, delegators, cancellationToken);
    }

    public async Task<IReadOnlyList<ApprovalDetails>> ListStuckAsync(ActingUser user, TimeSpan waitedLongerThan, CancellationToken cancellationToken)
    {
        var found = await StuckAsync(user, clock.GetUtcNow().UtcDateTime - waitedLongerThan, cancellationToken);
        return await views.BuildAsync(found, user, new HashSet<string>(), cancellationToken);
    }

    private async Task<IReadOnlyList<ApprovalRequest>> StuckAsync(ActingUser user, DateTime before, CancellationToken cancellationToken) =>
        runtime.Current.Access.IsAdmin(user) ? await store.StuckAsync(before, 200, cancellationToken) : [];

    /// <summary>How long a pending request waits before admins see it as stuck.</summary>
    public static TimeSpan StuckAfter { get; } = TimeSpan.FromDays(2);

    public async Task<int> CountToDecideAsync(ActingUser user, CancellationToken cancellationToken) =>
        await store.CountOpenForAsync([user.Id, .. await DelegatorsAsync(user, clock.GetUtcNow().UtcDateTime, cancellationToken)], cancellationToken);

    public async Task<ApprovalDetails?> GetAsync(Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        var (request, _) = await LoadAsync(id, user, cancellationToken);
        if (request is null) return null;
        var delegators = await DelegatorsAsync(user, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return (await views.BuildAsync([request], user, delegators, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ApprovalDetails>> ForRecordAsync(string obj, Guid recordId, ActingUser user, CancellationToken cancellationToken)
    {
        if ((await recordService.GetAsync(obj, recordId, user, cancellationToken)).Status != ReadStatus.Found) return [];
        var delegators = await DelegatorsAsync(user, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return await views.BuildAsync(await store.ForRecordAsync(recordId, cancellationToken), user, delegators, cancellationToken);
    }

    public Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(ActingUser user, CancellationToken cancellationToken) =>
        store.DelegationsAsync(runtime.Current.Access.IsAdmin(user) ? null : user.Id, cancellationToken);

    public async Task<(ApprovalDelegation? Delegation, string? Error)> DelegateAsync(ActingUser user, string toUser, DateOnly starts, DateOnly ends,
        CancellationToken cancellationToken)
    {
        if (toUser == user.Id) return (null, ApprovalErrors.DelegationToSelf);
        if (await directory.FindAsync(toUser, cancellationToken) is not { Active: true }) return (null, ApprovalErrors.DelegationUnknownUser);
        if (ends < starts || ends.DayNumber - starts.DayNumber > 366 || ends < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            return (null, ApprovalErrors.DelegationDates);
        return (await store.AddDelegationAsync(user.Id, toUser, starts, ends, cancellationToken), null);
    }

    public Task<bool> RemoveDelegationAsync(ActingUser user, long id, CancellationToken cancellationToken) =>
        store.RemoveDelegationAsync(id, runtime.Current.Access.IsAdmin(user) ? null : user.Id, cancellationToken);

    /// <summary>The request and its record, when the user may read the record (else both null: the request stays invisible).</summary>
    private async Task<(ApprovalRequest? Request, StoredRecord? Record)> LoadAsync(Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(id, cancellationToken);
        if (request is null || runtime.Current.Object(request.Object) is not { } obj) return (null, null);
        // The stored record, unredacted (approvers are resolved from fields the user may not see),
        // shown only to a user within the read scope the record page would check.
        var record = await records.FindAsync(request.Object, request.RecordId, cancellationToken);
        if (record is null || record.Deleted || !runtime.Current.Access.For(user, obj.Definition).CanRead(record.OwnerId)) return (null, null);
        return (request, record);
    }

    /// <summary>A written change as the user now sees it, from what was written (no second read).</summary>
    private async Task<ApprovalOutcome> DoneAsync(ApprovalChange change, StoredRecord record, ActingUser user, IReadOnlySet<string> delegators,
        CancellationToken cancellationToken)
    {
        var written = change.Updated with { Version = change.ExpectedVersion + 1, Tasks = [.. change.Updated.Tasks, .. change.NewTasks] };
        var details = await views.BuildAsync([written], user, delegators, cancellationToken, new Dictionary<Guid, string?> { [record.Id] = record.Title });
        return new ApprovalOutcome(ApprovalOutcomeStatus.Done, details[0]);
    }

    private async Task<ApprovalOutcome> OutcomeAsync(ApprovalOutcomeStatus status, Guid id, ActingUser user, CancellationToken cancellationToken) =>
        new(status, await GetAsync(id, user, cancellationToken));

    private async Task<IReadOnlySet<string>> DelegatorsAsync(ActingUser user, DateTime now, CancellationToken cancellationToken) =>
        (await store.DelegationsAsync(user.Id, cancellationToken)).Where(d => d.ToUser == user.Id && d.Covers(now))
            .Select(d => d.FromUser).ToHashSet(StringComparer.Ordinal);
}
