using FunnelStudio.Metadata;

namespace FunnelStudio.Approvals;

/// <summary>
/// A stored approval request with its tasks. Immutable: a decision makes a changed copy
/// (<see cref="ApprovalChange"/>), written only if <see cref="Version"/> is still the stored one.
/// </summary>
public sealed record ApprovalRequest(Guid Id, string Flow, string Object, Guid RecordId, ApprovalStatus Status)
{
    public int CurrentStep { get; init; }
    /// <summary>One entry per step of the pinned flow.</summary>
    public IReadOnlyList<ApprovalStepState> Steps { get; init; } = [];
    /// <summary>The flow's source as published when the request started.</summary>
    public string FlowSource { get; init; } = "";
    public long ConfigVersion { get; init; }
    public bool LockRecord { get; init; }
    public bool Escalated { get; init; }
    public string SubmittedBy { get; init; } = "";
    public DateTime SubmittedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    public LocalizedText Reason { get; init; } = LocalizedText.Empty;
    public long Version { get; init; }
    public IReadOnlyList<ApprovalTask> Tasks { get; init; } = [];

    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>The open tasks of the current step.</summary>
    public IEnumerable<ApprovalTask> OpenTasks => Tasks.Where(t => t.Step == CurrentStep && t.Decision is null);
}

/// <summary>Where one step of a request stands.</summary>
public sealed record ApprovalStepState(ApprovalStepStatus Status)
{
    public DateTime? StartedAt { get; init; }
    public bool Escalated { get; init; }
}

/// <summary>One approver asked at one step; <see cref="Decision"/> is null while open.</summary>
public sealed record ApprovalTask(long Id, int Step, string ApproverId)
{
    public bool Escalation { get; init; }
    public DateTime AssignedAt { get; init; }
    public ApprovalDecision? Decision { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? Comment { get; init; }
}

/// <summary>
/// What a decision, a recall or an escalation changes: the request's new state (written only while
/// the stored version is <see cref="ExpectedVersion"/>), the tasks it decides (only while still open)
/// and the tasks it adds.
/// </summary>
public sealed record ApprovalChange(ApprovalRequest Updated, long ExpectedVersion)
{
    public IReadOnlyList<ApprovalTask> DecidedTasks { get; init; } = [];
    public IReadOnlyList<ApprovalTask> NewTasks { get; init; } = [];
}

/// <summary>What the approval part of a save writes in the record's transaction: requests it starts, a decision it carries out.</summary>
public sealed record ApprovalWrites(IReadOnlyList<ApprovalRequest> Started, ApprovalChange? Change)
{
    public static ApprovalWrites None { get; } = new([], null);
    public bool IsEmpty => Started.Count == 0 && Change is null;
}

/// <summary>
/// Thrown by the store when a change finds the request no longer at the version it read (or a task
/// it decides already decided): someone else decided first. Nothing of the change was written.
/// </summary>
public sealed class ApprovalConflictException(string message) : Exception(message);
