namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One line of the audit log: who did what to which target, when, with the details as JSON. Written
/// for every change to users, roles, managers and other settings that decide who may see what.
/// </summary>
public sealed class AuditEntryRow
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>The acting user's id (or "system").</summary>
    public string? ActorId { get; set; }
    /// <summary>What happened, e.g. <c>user.created</c>, <c>user.roles_changed</c>.</summary>
    public string Action { get; set; } = "";
    /// <summary>What it happened to, e.g. <c>user</c>, <c>record</c>, <c>config</c>.</summary>
    public string TargetType { get; set; } = "";
    public string? TargetId { get; set; }
    /// <summary>Before and after, as a JSON object.</summary>
    public string Details { get; set; } = "{}";
}
