namespace FunnelStudio.Storage.Entities;

/// <summary><see cref="FromUser"/>'s approvals may be decided by <see cref="ToUser"/> from <see cref="Starts"/> to <see cref="Ends"/> (days, UTC, both included).</summary>
public sealed class ApprovalDelegationRow
{
    public long Id { get; set; }
    public string FromUser { get; set; } = "";
    public string ToUser { get; set; } = "";
    public DateOnly Starts { get; set; }
    public DateOnly Ends { get; set; }
    public DateTime CreatedAt { get; set; }
}
