namespace FunnelStudio.Audit;

/// <summary>
/// The stable names of audited actions and targets: the audit page filters and labels by them and
/// integrations may read them, so they never change once written.
/// </summary>
public static class AuditActions
{
    public const string UserTarget = "user";
    /// <summary>A config version (target id: the version's id).</summary>
    public const string ConfigTarget = "config_version";
    /// <summary>An outbox message (target id: the message's id).</summary>
    public const string OutboxTarget = "outbox_message";

    public const string UserCreated = "user.created";
    public const string UserDisplayNameChanged = "user.display_name_changed";
    public const string UserRolesChanged = "user.roles_changed";
    public const string UserManagerChanged = "user.manager_changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserRecordsReassigned = "user.records_reassigned";
    /// <summary>A draft became the active config version (details: before, after, what changed).</summary>
    public const string ConfigPublished = "config.published";
    /// <summary>An earlier config version was made active again, as a new version copying its files (details: source).</summary>
    public const string ConfigRolledBack = "config.rolled_back";
    /// <summary>An admin sent an outbox message again (details: kind, description, record, status and attempts before, last error).</summary>
    public const string OutboxRetried = "outbox.retried";
    /// <summary>A record (target: the record) locked by a pending approval was changed by an admin (details: request, flow, operation).</summary>
    public const string ApprovalLockBypassed = "approval.lock_bypassed";
    /// <summary>An approver was left out of a step because they cannot read the record (details: request, step, approver).</summary>
    public const string ApproverSkipped = "approval.approver_skipped";
    /// <summary>A record (target type of the two approval actions).</summary>
    public const string RecordTarget = "record";

    /// <summary>Every action, in the order the audit page's filter lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        UserCreated, UserDisplayNameChanged, UserRolesChanged, UserManagerChanged,
        UserDeactivated, UserReactivated, UserPasswordReset, UserRecordsReassigned, ConfigPublished, ConfigRolledBack,
        OutboxRetried, ApprovalLockBypassed, ApproverSkipped,
    ];

    /// <summary>The actor of changes made by the portal itself at start-up.</summary>
    public const string SystemActor = "system";

    /// <summary>The actor of changes made with the <c>funnelstudio</c> command line.</summary>
    public const string CliActor = "cli";
}
