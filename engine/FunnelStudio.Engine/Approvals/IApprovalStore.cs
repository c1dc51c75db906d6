using FunnelStudio.Outbox;

namespace FunnelStudio.Approvals;

/// <summary>
/// Approval requests, tasks and delegations, implemented by storage. A change is conditional on the
/// request's version (<see cref="ApprovalConflictException"/> otherwise); one that also changes the
/// record goes through the record store's transaction instead (<see cref="Saving.PersistRequest.Approvals"/>).
/// </summary>
public interface IApprovalStore
{
    Task<ApprovalRequest?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The record's requests (with tasks), newest first.</summary>
    Task<IReadOnlyList<ApprovalRequest>> ForRecordAsync(Guid recordId, CancellationToken cancellationToken);

    /// <summary>Pending requests with an open task of their current step for any of <paramref name="approvers"/>.</summary>
    Task<IReadOnlyList<ApprovalRequest>> OpenForAsync(IReadOnlyCollection<string> approvers, CancellationToken cancellationToken);

    /// <summary>How many pending requests have an open current task for any of <paramref name="approvers"/>.</summary>
    Task<int> CountOpenForAsync(IReadOnlyCollection<string> approvers, CancellationToken cancellationToken);

    /// <summary>Requests submitted by the user, newest first (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<ApprovalRequest>> SubmittedByAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>Pending requests that escalated or were submitted before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<ApprovalRequest>> StuckAsync(DateTime before, int limit, CancellationToken cancellationToken);

    /// <summary>Pending requests per flow (the impact report's "in flight").</summary>
    Task<IReadOnlyDictionary<string, int>> PendingByFlowAsync(CancellationToken cancellationToken);

    /// <summary>Writes a change (and the outbox messages it causes) in one transaction.</summary>
    Task ApplyAsync(ApprovalChange change, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(string? userId, CancellationToken cancellationToken);

    Task<ApprovalDelegation> AddDelegationAsync(string fromUser, string toUser, DateOnly starts, DateOnly ends, CancellationToken cancellationToken);

    Task<bool> RemoveDelegationAsync(long id, string? fromUser, CancellationToken cancellationToken);
}
