using FunnelStudio.Metadata;

namespace FunnelStudio.Approvals;

/// <summary>
/// A request as people see it: the flow, the record, who submitted it and why, and every step with
/// who was asked and what they decided. <see cref="CanDecide"/> and <see cref="CanRecall"/> are for
/// the user it was read for.
/// </summary>
public sealed record ApprovalDetails(Guid Id, string Flow, LocalizedText FlowLabel, string Object, Guid RecordId, ApprovalStatus Status)
{
    public string? RecordTitle { get; init; }
    public string SubmittedBy { get; init; } = "";
    public string SubmittedByName { get; init; } = "";
    public DateTime SubmittedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    /// <summary>Why the request was made: the entry rule's message.</summary>
    public LocalizedText Reason { get; init; } = LocalizedText.Empty;
    /// <summary>The index into <see cref="Steps"/> of the current step (the last one when the request is final).</summary>
    public int CurrentStep { get; init; }
    public bool Escalated { get; init; }
    public bool LocksRecord { get; init; }
    /// <summary>The config version the request started under (its flow is pinned to it).</summary>
    public long ConfigVersion { get; init; }
    public IReadOnlyList<ApprovalStepView> Steps { get; init; } = [];
    public bool CanDecide { get; init; }
    public bool CanRecall { get; init; }
}

public sealed record ApprovalStepView(string Name, LocalizedText Label, ApprovalMode Mode, ApprovalStepStatus Status)
{
    public DateTime? StartedAt { get; init; }
    public bool Escalated { get; init; }
    public IReadOnlyList<ApprovalTaskView> Tasks { get; init; } = [];
}

/// <summary>One approver asked at one step, and their answer once given.</summary>
public sealed record ApprovalTaskView(string ApproverId, string ApproverName)
{
    public ApprovalDecision? Decision { get; init; }
    public DateTime? DecidedAt { get; init; }
    /// <summary>Who actually decided: the approver, or a user they delegated to.</summary>
    public string? DecidedBy { get; init; }
    public string? DecidedByName { get; init; }
    public string? Comment { get; init; }
    /// <summary>True for approvers added when the step escalated.</summary>
    public bool Escalation { get; init; }
}
