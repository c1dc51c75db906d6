using FunnelStudio.Saving;

namespace FunnelStudio.Approvals;

/// <summary>Which requests a list shows.</summary>
public enum ApprovalListKind
{
    /// <summary>Pending requests the user can decide now (as approver or delegate).</summary>
    ToDecide,
    /// <summary>Requests the user submitted, newest first.</summary>
    SubmittedByMe,
    /// <summary>Admins: pending requests that escalated or have waited longer than the threshold given.</summary>
    Stuck,
}

/// <summary>
/// Approval requests for people and the API: list, read, decide, recall, delegate. Every call checks
/// the user: only an approver of the current step (or their delegate) decides, only the submitter
/// recalls, and only users who may read the record see its requests.
/// </summary>
public interface IApprovalService
{
    Task<IReadOnlyList<ApprovalDetails>> ListAsync(ActingUser user, ApprovalListKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Admins: pending requests that escalated or were submitted more than <paramref name="waitedLongerThan"/>
    /// ago, oldest first (others get none). <see cref="ListAsync"/> with <see cref="ApprovalListKind.Stuck"/> uses two days.
    /// </summary>
    Task<IReadOnlyList<ApprovalDetails>> ListStuckAsync(ActingUser user, TimeSpan waitedLongerThan, CancellationToken cancellationToken) =>
        ListAsync(user, ApprovalListKind.Stuck, cancellationToken);

    /// <summary>How many requests the user can decide now (for the navigation badge).</summary>
    Task<int> CountToDecideAsync(ActingUser user, CancellationToken cancellationToken);

    /// <summary>Null when there is no such request or the user may not read its record.</summary>
    Task<ApprovalDetails?> GetAsync(Guid id, ActingUser user, CancellationToken cancellationToken);

    /// <summary>The record's requests, newest first (empty when the user may not read the record).</summary>
    Task<IReadOnlyList<ApprovalDetails>> ForRecordAsync(string obj, Guid recordId, ActingUser user, CancellationToken cancellationToken);

    Task<ApprovalOutcome> DecideAsync(Guid id, ActingUser user, ApprovalDecision decision, string? comment, CancellationToken cancellationToken);

    /// <summary>A decision back-dated to <paramref name="at"/> (demo data and imports); people and the API decide now.</summary>
    Task<ApprovalOutcome> DecideAsync(Guid id, ActingUser user, ApprovalDecision decision, string? comment, DateTime at, CancellationToken cancellationToken) =>
        DecideAsync(id, user, decision, comment, cancellationToken);

    Task<ApprovalOutcome> RecallAsync(Guid id, ActingUser user, string? comment, CancellationToken cancellationToken);

    /// <summary>The delegations from or to the user (admins: everyone's).</summary>
    Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(ActingUser user, CancellationToken cancellationToken);

    /// <summary>Lets <paramref name="toUser"/> decide the user's approvals for a date range; null and an error message when refused.</summary>
    Task<(ApprovalDelegation? Delegation, string? Error)> DelegateAsync(ActingUser user, string toUser, DateOnly starts, DateOnly ends, CancellationToken cancellationToken);

    /// <summary>Ends a delegation the user made (admins: any). False when there is none.</summary>
    Task<bool> RemoveDelegationAsync(ActingUser user, long id, CancellationToken cancellationToken);
}
