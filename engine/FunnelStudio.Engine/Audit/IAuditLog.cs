namespace FunnelStudio.Audit;

/// <summary>
/// The audit log: who changed what about users, roles, managers and other settings that decide who
/// may see what, and when. Append-only; implemented by storage (the <c>audit_log</c> table). A write
/// joins the unit of work of the change it records where the store can, so a change and its audit
/// line are kept or lost together.
/// </summary>
public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>A page of entries, newest first, filtered by target and action.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
