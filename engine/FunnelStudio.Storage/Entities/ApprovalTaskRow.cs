namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One approver asked at one step of a request (<c>approval_tasks</c>), and their answer:
/// <see cref="Decision"/> is null until they (or their delegate, <see cref="DecidedBy"/>) decide.
/// </summary>
public sealed class ApprovalTaskRow
{
    public long Id { get; set; }
    public Guid RequestId { get; set; }
    public int Step { get; set; }
    public string ApproverId { get; set; } = "";
    /// <summary>Added when the step escalated.</summary>
    public bool Escalation { get; set; }
    public DateTime AssignedAt { get; set; }
    /// <summary><c>approve</c> or <c>reject</c>; null while open.</summary>
    public string? Decision { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? Comment { get; set; }
}
