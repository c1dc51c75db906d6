using FunnelStudio.Rules;

namespace FunnelStudio.Approvals;

public enum ApprovalOutcomeStatus
{
    Done,
    NotFound,
    /// <summary>The user is not an approver of the current step (or, for a recall, not the submitter).</summary>
    Forbidden,
    /// <summary>The step (or the request) was decided first by someone else: nothing was applied.</summary>
    AlreadyDecided,
    /// <summary>The flow's actions could not be applied (the save pipeline refused them): nothing was written.</summary>
    Refused,
}

/// <summary>What a decision or a recall did.</summary>
public sealed record ApprovalOutcome(ApprovalOutcomeStatus Status, ApprovalDetails? Approval)
{
    public IReadOnlyList<Violation> Violations { get; init; } = [];
    public static ApprovalOutcome Of(ApprovalOutcomeStatus status) => new(status, null);
}
