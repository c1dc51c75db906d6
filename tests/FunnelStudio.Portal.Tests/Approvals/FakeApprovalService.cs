using FunnelStudio.Approvals;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>
/// An in-memory <see cref="IApprovalService"/> for the HTTP and page layer: one-step requests a test
/// adds, decided once (the first decision wins, a second is AlreadyDecided), refused when the test
/// says the flow's actions fail. It stands in for the engine's service only in these tests.
/// </summary>
public sealed class FakeApprovalService : IApprovalService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Entry> _requests = [];
    private readonly List<ApprovalDelegation> _delegations = [];
    private long _nextDelegation;

    public sealed record Party(string Id, string Name);

    private sealed class Entry
    {
        public required ApprovalDetails Details { get; set; }
        public required Party Submitter { get; init; }
        public required Party Approver { get; init; }
        public bool HiddenFromOthers { get; init; }
        public IReadOnlyList<Violation> RefuseWith { get; init; } = [];
    }

    /// <summary>Adds a pending one-step request for <paramref name="approver"/> and returns its id.</summary>
    public Guid Add(Party submitter, Party approver, string obj, Guid recordId, string recordTitle, bool locks = false, bool escalated = false,
        DateTime? submittedAt = null, IReadOnlyList<Violation>? refuseWith = null, bool hiddenFromOthers = false)
    {
        var id = Guid.NewGuid();
        var at = submittedAt ?? DateTime.UtcNow.AddHours(-3);
        var details = new ApprovalDetails(id, "discount_approval", Text("Discount approval", "折扣审批"), obj, recordId, ApprovalStatus.Pending)
        {
            RecordTitle = recordTitle,
            SubmittedBy = submitter.Id,
            SubmittedByName = submitter.Name,
            SubmittedAt = at,
            Reason = Text("Discounts over 20% need the manager's approval", "折扣超过 20% 需经理审批"),
            Escalated = escalated,
            LocksRecord = locks,
            ConfigVersion = 1,
            Steps =
            [
                new ApprovalStepView("manager", Text("Manager", "经理审批"), ApprovalMode.Any, ApprovalStepStatus.Pending)
                {
                    StartedAt = at, Escalated = escalated, Tasks = [new ApprovalTaskView(approver.Id, approver.Name)],
                },
            ],
        };
        lock (_lock)
            _requests[id] = new Entry
            {
                Details = details, Submitter = submitter, Approver = approver, RefuseWith = refuseWith ?? [], HiddenFromOthers = hiddenFromOthers,
            };
        return id;
    }

    public static LocalizedText Text(string en, string zh) => new(new Dictionary<string, string> { ["en"] = en, ["zh-CN"] = zh });

    public Task<IReadOnlyList<ApprovalDetails>> ListAsync(ActingUser user, ApprovalListKind kind, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IEnumerable<Entry> entries = kind switch
            {
                ApprovalListKind.ToDecide => _requests.Values.Where(e => CanDecide(e, user)),
                ApprovalListKind.SubmittedByMe => _requests.Values.Where(e => e.Submitter.Id == user.Id).OrderByDescending(e => e.Details.SubmittedAt),
                _ => _requests.Values.Where(e => e.Details.Status == ApprovalStatus.Pending),
            };
            return Task.FromResult<IReadOnlyList<ApprovalDetails>>(entries.Select(e => For(e, user)).ToList());
        }
    }

    public Task<int> CountToDecideAsync(ActingUser user, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_requests.Values.Count(e => CanDecide(e, user)));
    }

    public Task<ApprovalDetails?> GetAsync(Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(Find(id, user) is { } entry ? For(entry, user) : null);
    }

    public Task<IReadOnlyList<ApprovalDetails>> ForRecordAsync(string obj, Guid recordId, ActingUser user, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ApprovalDetails>>(_requests.Values
                .Where(e => e.Details.Object == obj && e.Details.RecordId == recordId && Visible(e, user))
                .OrderByDescending(e => e.Details.SubmittedAt).Select(e => For(e, user)).ToList());
    }

    public Task<ApprovalOutcome> DecideAsync(Guid id, ActingUser user, ApprovalDecision decision, string? comment, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Find(id, user) is not { } entry) return Outcome(ApprovalOutcomeStatus.NotFound);
            if (entry.Details.Status != ApprovalStatus.Pending) return Outcome(ApprovalOutcomeStatus.AlreadyDecided);
            if (entry.Approver.Id != user.Id) return Outcome(ApprovalOutcomeStatus.Forbidden);
            if (decision == ApprovalDecision.Approve && entry.RefuseWith.Count > 0)
                return Task.FromResult(ApprovalOutcome.Of(ApprovalOutcomeStatus.Refused) with { Violations = entry.RefuseWith });
            var now = DateTime.UtcNow;
            var status = decision == ApprovalDecision.Approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
            var step = entry.Details.Steps[0];
            entry.Details = entry.Details with
            {
                Status = status,
                DecidedAt = now,
                Steps =
                [
                    step with
                    {
                        Status = decision == ApprovalDecision.Approve ? ApprovalStepStatus.Approved : ApprovalStepStatus.Rejected,
                        Tasks = [step.Tasks[0] with { Decision = decision, DecidedAt = now, DecidedBy = user.Id, DecidedByName = user.Name, Comment = comment }],
                    },
                ],
            };
            return Task.FromResult(new ApprovalOutcome(ApprovalOutcomeStatus.Done, For(entry, user)));
        }
    }

    public Task<ApprovalOutcome> RecallAsync(Guid id, ActingUser user, string? comment, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Find(id, user) is not { } entry) return Outcome(ApprovalOutcomeStatus.NotFound);
            if (entry.Submitter.Id != user.Id) return Outcome(ApprovalOutcomeStatus.Forbidden);
            if (entry.Details.Status != ApprovalStatus.Pending) return Outcome(ApprovalOutcomeStatus.AlreadyDecided);
            entry.Details = entry.Details with
            {
                Status = ApprovalStatus.Recalled,
                DecidedAt = DateTime.UtcNow,
                Steps = [entry.Details.Steps[0] with { Status = ApprovalStepStatus.Cancelled }],
            };
            return Task.FromResult(new ApprovalOutcome(ApprovalOutcomeStatus.Done, For(entry, user)));
        }
    }

    public Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(ActingUser user, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ApprovalDelegation>>(_delegations
                .Where(d => IsAdmin(user) || d.FromUser == user.Id || d.ToUser == user.Id).ToList());
    }

    public Task<(ApprovalDelegation? Delegation, string? Error)> DelegateAsync(ActingUser user, string toUser, DateOnly starts, DateOnly ends,
        CancellationToken cancellationToken)
    {
        if (toUser == user.Id) return Task.FromResult<(ApprovalDelegation?, string?)>((null, "You cannot delegate to yourself."));
        if (ends < starts) return Task.FromResult<(ApprovalDelegation?, string?)>((null, "The delegation ends before it starts."));
        lock (_lock)
        {
            var delegation = new ApprovalDelegation(++_nextDelegation, user.Id, toUser, starts, ends) { FromUserName = user.Name, ToUserName = "delegate " + toUser[..4] };
            _delegations.Add(delegation);
            return Task.FromResult<(ApprovalDelegation?, string?)>((delegation, null));
        }
    }

    public Task<bool> RemoveDelegationAsync(ActingUser user, long id, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_delegations.RemoveAll(d => d.Id == id && (d.FromUser == user.Id || IsAdmin(user))) > 0);
    }

    private static Task<ApprovalOutcome> Outcome(ApprovalOutcomeStatus status) => Task.FromResult(ApprovalOutcome.Of(status));

    private Entry? Find(Guid id, ActingUser user) => _requests.TryGetValue(id, out var entry) && Visible(entry, user) ? entry : null;

    private static bool Visible(Entry entry, ActingUser user) =>
        !entry.HiddenFromOthers || entry.Submitter.Id == user.Id || entry.Approver.Id == user.Id || IsAdmin(user);

    private static bool IsAdmin(ActingUser user) => user.Roles.Contains("admin");

    private static bool CanDecide(Entry entry, ActingUser user) => entry.Details.Status == ApprovalStatus.Pending && entry.Approver.Id == user.Id;

    private static ApprovalDetails For(Entry entry, ActingUser user) => entry.Details with
    {
        CanDecide = CanDecide(entry, user),
        CanRecall = entry.Details.Status == ApprovalStatus.Pending && entry.Submitter.Id == user.Id,
    };
}
