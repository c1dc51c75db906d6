namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One approval request (<c>approval_requests</c>): a flow started on a record. The flow's source is
/// copied in (<see cref="FlowSource"/>), so a request keeps the flow it started under whatever is
/// published later. <see cref="Steps"/> holds each step's status as JSON. <see cref="Version"/>
/// rises with every decision: a decision is written only if the version it read is still there, so
/// two approvers deciding at once can never both win.
/// </summary>
public sealed class ApprovalRequestRow
{
    public Guid Id { get; set; }
    public string Flow { get; set; } = "";
    public string Object { get; set; } = "";
    public Guid RecordId { get; set; }
    /// <summary><c>pending</c>, <c>approved</c>, <c>rejected</c> or <c>recalled</c>.</summary>
    public string Status { get; set; } = "";
    public int CurrentStep { get; set; }
    /// <summary>JSON: per step of the flow, its status, when it started and whether it escalated.</summary>
    public string Steps { get; set; } = "";
    /// <summary>The flow's <c>approvals/&lt;name&gt;.json</c> text as published when the request started.</summary>
    public string FlowSource { get; set; } = "";
    public long ConfigVersion { get; set; }
    public bool LockRecord { get; set; }
    public bool Escalated { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The entry rule's message (JSON localized text): why approval was needed.</summary>
    public string Reason { get; set; } = "";
    public long Version { get; set; }
}
