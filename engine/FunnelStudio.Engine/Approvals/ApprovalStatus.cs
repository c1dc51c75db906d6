namespace FunnelStudio.Approvals;

/// <summary>Where a request stands. Only <see cref="Pending"/> can change; the others are final.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    /// <summary>Taken back by its submitter before the final decision.</summary>
    Recalled,
}

/// <summary>Where one step of a request stands.</summary>
public enum ApprovalStepStatus
{
    /// <summary>Not reached yet.</summary>
    Waiting,
    /// <summary>The current step: its approvers are asked.</summary>
    Pending,
    Approved,
    Rejected,
    /// <summary>Its <c>when</c> rule did not pass for the record as submitted.</summary>
    Skipped,
    /// <summary>The request ended (recalled, or rejected earlier) before the step was decided.</summary>
    Cancelled,
}

/// <summary>An approver's answer.</summary>
public enum ApprovalDecision
{
    Approve,
    Reject,
}
