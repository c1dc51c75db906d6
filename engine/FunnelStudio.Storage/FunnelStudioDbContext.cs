using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Identity;
using FunnelStudio.Storage.Outbox;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FunnelStudio.Storage;

/// <summary>
/// The one FunnelStudio database: records, their history, config versions, counters and the
/// Identity tables. The model is defined here once; <see cref="Providers.SqliteFunnelStudioDbContext"/>
/// and <see cref="Providers.PostgresFunnelStudioDbContext"/> only add their column types and
/// exist as separate types so that each provider has its own migrations (see README.md).
/// Resolve this base type; the registered provider decides which subclass you get.
/// </summary>
public abstract class FunnelStudioDbContext : IdentityDbContext<AppUser>
{
    protected FunnelStudioDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<RecordRow> Records => Set<RecordRow>();
    public DbSet<FieldHistoryRow> FieldHistory => Set<FieldHistoryRow>();
    public DbSet<StageHistoryRow> StageHistory => Set<StageHistoryRow>();
    public DbSet<ConfigVersionRow> ConfigVersions => Set<ConfigVersionRow>();
    public DbSet<CounterRow> Counters => Set<CounterRow>();
    public DbSet<RecordTotalRow> RecordTotals => Set<RecordTotalRow>();
    public DbSet<RecordKeyRow> RecordKeys => Set<RecordKeyRow>();
    public DbSet<IdempotencyKeyRow> IdempotencyKeys => Set<IdempotencyKeyRow>();
    public DbSet<AuditEntryRow> AuditLog => Set<AuditEntryRow>();
    public DbSet<SaveTraceRow> SaveTraces => Set<SaveTraceRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<ApprovalRequestRow> ApprovalRequests => Set<ApprovalRequestRow>();
    public DbSet<ApprovalTaskRow> ApprovalTasks => Set<ApprovalTaskRow>();
    public DbSet<ApprovalDelegationRow> ApprovalDelegations => Set<ApprovalDelegationRow>();
    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();

    /// <summary>How many rows each <see cref="RecordTotalRow"/> key is spread over (the triggers pick one at random).</summary>
    public const int TotalShards = 8;

    /// <summary>The column type of JSON documents: <c>TEXT</c> on SQLite, <c>jsonb</c> on PostgreSQL.</summary>
    protected abstract string JsonColumnType { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ConfigureRecords(builder.Entity<RecordRow>());
        ConfigureFieldHistory(builder.Entity<FieldHistoryRow>());
        ConfigureStageHistory(builder.Entity<StageHistoryRow>());
        ConfigureConfigVersions(builder.Entity<ConfigVersionRow>());
        ConfigureCounters(builder.Entity<CounterRow>());
        ConfigureRecordTotals(builder.Entity<RecordTotalRow>());
        ConfigureRecordKeys(builder.Entity<RecordKeyRow>());
        ConfigureIdempotencyKeys(builder.Entity<IdempotencyKeyRow>());
        ConfigureAuditLog(builder.Entity<AuditEntryRow>());
        ConfigureSaveTraces(builder.Entity<SaveTraceRow>());
        ConfigureOutbox(builder.Entity<OutboxRow>());
        ConfigureApprovalRequests(builder.Entity<ApprovalRequestRow>());
        ConfigureApprovalTasks(builder.Entity<ApprovalTaskRow>());
        ConfigureApprovalDelegations(builder.Entity<ApprovalDelegationRow>());
        ConfigureNotifications(builder.Entity<NotificationRow>());
        ConfigureUsers(builder.Entity<AppUser>());
        Analytics.Forecast.PipelineSnapshotModel.Configure(builder);
        Analytics.Rollups.DayRollupModel.Configure(builder);
        Reports.ReportTables.Configure(builder, JsonColumnType);
    }

    private static void ConfigureUsers(EntityTypeBuilder<AppUser> e)
    {
        e.Property(u => u.IsActive).HasDefaultValue(true);
        e.HasIndex(u => u.ManagerId).HasDatabaseName("ix_users__manager");
    }

    private static void ConfigureRecordKeys(EntityTypeBuilder<RecordKeyRow> e)
    {
        e.ToTable("record_keys");
        e.HasKey(k => new { k.Object, k.Field, k.Key }).HasName("pk_record_keys");
        e.Property(k => k.Object).HasColumnName("object").HasMaxLength(63);
        e.Property(k => k.Field).HasColumnName("field").HasMaxLength(63);
        // Normalized values longer than this are stored as a hash (see the record store).
        e.Property(k => k.Key).HasColumnName("key").HasMaxLength(300);
        // No foreign key to records: a key row is written in its record's own statement batch and
        // records are never removed (deletes are soft), so the constraint would only add a lookup
        // and a lock on the record for every key of every create.
        e.Property(k => k.RecordId).HasColumnName("record_id");
        e.HasIndex(k => k.RecordId).HasDatabaseName("ix_record_keys__record");
    }

    private static void ConfigureIdempotencyKeys(EntityTypeBuilder<IdempotencyKeyRow> e)
    {
        e.ToTable("idempotency_keys");
        e.HasKey(k => new { k.UserId, k.Key }).HasName("pk_idempotency_keys");
        e.Property(k => k.UserId).HasColumnName("user_id").HasMaxLength(450);
        e.Property(k => k.Key).HasColumnName("key").HasMaxLength(200);
        e.Property(k => k.RequestHash).HasColumnName("request_hash").HasMaxLength(64).IsRequired();
        e.Property(k => k.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        e.Property(k => k.RecordId).HasColumnName("record_id");
        e.Property(k => k.CreatedAt).HasColumnName("created_at");
        e.HasOne<RecordRow>().WithMany().HasForeignKey(k => k.RecordId).HasConstraintName("fk_idempotency_keys_records")
            .OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(k => k.CreatedAt).HasDatabaseName("ix_idempotency_keys__created");
        e.HasIndex(k => k.RecordId).HasDatabaseName("ix_idempotency_keys__record");
    }

    private void ConfigureAuditLog(EntityTypeBuilder<AuditEntryRow> e)
    {
        e.ToTable("audit_log");
        e.HasKey(a => a.Id).HasName("pk_audit_log");
        e.Property(a => a.Id).HasColumnName("id");
        e.Property(a => a.At).HasColumnName("at");
        e.Property(a => a.ActorId).HasColumnName("actor_id").HasMaxLength(450);
        e.Property(a => a.Action).HasColumnName("action").HasMaxLength(63).IsRequired();
        e.Property(a => a.TargetType).HasColumnName("target_type").HasMaxLength(63).IsRequired();
        e.Property(a => a.TargetId).HasColumnName("target_id").HasMaxLength(450);
        e.Property(a => a.Details).HasColumnName("details").HasColumnType(JsonColumnType).IsRequired();
        e.HasIndex(a => a.At).HasDatabaseName("ix_audit_log__at");
        e.HasIndex(a => new { a.TargetType, a.TargetId }).HasDatabaseName("ix_audit_log__target");
    }

    private static void ConfigureSaveTraces(EntityTypeBuilder<SaveTraceRow> e)
    {
        e.ToTable("save_traces");
        e.HasKey(t => t.Id).HasName("pk_save_traces");
        e.Property(t => t.Id).HasColumnName("id");
        e.Property(t => t.RecordId).HasColumnName("record_id");
        e.Property(t => t.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        e.Property(t => t.Operation).HasColumnName("operation").HasMaxLength(32).IsRequired();
        e.Property(t => t.UserId).HasColumnName("user_id").HasMaxLength(450).IsRequired();
        e.Property(t => t.At).HasColumnName("at");
        e.Property(t => t.Outcome).HasColumnName("outcome").HasMaxLength(63).IsRequired();
        e.Property(t => t.ConfigVersion).HasColumnName("config_version");
        e.Property(t => t.DurationMs).HasColumnName("duration_ms");
        e.Property(t => t.ScriptFailed).HasColumnName("script_failed");
        e.Property(t => t.Steps).HasColumnName("steps").IsRequired();
        // The record page reads a record's last trace; the purge deletes by time; the failures page
        // reads the newest failed ones, which are few: a partial index costs the other rows nothing.
        e.HasIndex(t => new { t.RecordId, t.At }).HasDatabaseName("ix_save_traces__record_at");
        e.HasIndex(t => t.At, "ix_save_traces__at").HasDatabaseName("ix_save_traces__at");
        e.HasIndex(t => t.At, "ix_save_traces__script_failed_at").HasDatabaseName("ix_save_traces__script_failed_at").HasFilter("\"script_failed\"");
    }

    private static void ConfigureOutbox(EntityTypeBuilder<OutboxRow> e)
    {
        e.ToTable("outbox");
        e.HasKey(o => o.Id).HasName("pk_outbox");
        e.Property(o => o.Id).HasColumnName("id");
        e.Property(o => o.Kind).HasColumnName("kind").HasMaxLength(OutboxLimits.Kind).IsRequired();
        // Text, not jsonb: the handler gets the payload exactly as the save wrote it.
        e.Property(o => o.Payload).HasColumnName("payload").IsRequired();
        // No foreign key: a message may outlive what it is about, and the save's insert should not lock the record twice.
        e.Property(o => o.RecordId).HasColumnName("record_id");
        e.Property(o => o.Description).HasColumnName("description").HasMaxLength(OutboxLimits.Description);
        e.Property(o => o.Status).HasColumnName("status").HasMaxLength(16).IsRequired();
        e.Property(o => o.Attempts).HasColumnName("attempts");
        e.Property(o => o.CreatedAt).HasColumnName("created_at");
        e.Property(o => o.NextAttemptAt).HasColumnName("next_attempt_at");
        e.Property(o => o.ClaimedUntil).HasColumnName("claimed_until");
        e.Property(o => o.DoneAt).HasColumnName("done_at");
        e.Property(o => o.LastError).HasColumnName("last_error").HasMaxLength(OutboxLimits.LastError);
        // The claim: pending messages in the order they are due (no sort), and only those — marking a message done adds
        // nothing to this index, and the delivered history kept until purged never enters it.
        e.HasIndex(o => new { o.NextAttemptAt, o.Id }, "ix_outbox__due").HasDatabaseName("ix_outbox__due").HasFilter("\"status\" = 'pending'");
        // The admins' dead letters, newest first; few rows, and none added by a delivery.
        e.HasIndex(o => o.Id, "ix_outbox__dead").HasDatabaseName("ix_outbox__dead").HasFilter("\"status\" = 'dead'");
        e.HasIndex(o => o.RecordId).HasDatabaseName("ix_outbox__record");
    }

    private static void ConfigureApprovalRequests(EntityTypeBuilder<ApprovalRequestRow> e)
    {
        e.ToTable("approval_requests");
        e.HasKey(r => r.Id).HasName("pk_approval_requests");
        e.Property(r => r.Id).HasColumnName("id");
        e.Property(r => r.Flow).HasColumnName("flow").HasMaxLength(63).IsRequired();
        e.Property(r => r.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        // No foreign key to records, like the outbox: the request belongs to the record's history.
        e.Property(r => r.RecordId).HasColumnName("record_id");
        e.Property(r => r.Status).HasColumnName("status").HasMaxLength(16).IsRequired();
        e.Property(r => r.CurrentStep).HasColumnName("current_step");
        e.Property(r => r.Steps).HasColumnName("steps").IsRequired();
        e.Property(r => r.FlowSource).HasColumnName("flow_source").IsRequired();
        e.Property(r => r.ConfigVersion).HasColumnName("config_version");
        e.Property(r => r.LockRecord).HasColumnName("lock_record");
        e.Property(r => r.Escalated).HasColumnName("escalated");
        e.Property(r => r.SubmittedBy).HasColumnName("submitted_by").HasMaxLength(450).IsRequired();
        e.Property(r => r.SubmittedAt).HasColumnName("submitted_at");
        e.Property(r => r.DecidedAt).HasColumnName("decided_at");
        e.Property(r => r.Reason).HasColumnName("reason").IsRequired();
        e.Property(r => r.Version).HasColumnName("version");
        e.HasIndex(r => new { r.Object, r.RecordId }).HasDatabaseName("ix_approval_requests__record");
        e.HasIndex(r => new { r.Status, r.SubmittedAt }).HasDatabaseName("ix_approval_requests__status");
        e.HasIndex(r => new { r.SubmittedBy, r.SubmittedAt }).HasDatabaseName("ix_approval_requests__submitter");
    }

    private static void ConfigureApprovalTasks(EntityTypeBuilder<ApprovalTaskRow> e)
    {
        e.ToTable("approval_tasks");
        e.HasKey(t => t.Id).HasName("pk_approval_tasks");
        e.Property(t => t.Id).HasColumnName("id");
        e.Property(t => t.RequestId).HasColumnName("request_id");
        e.Property(t => t.Step).HasColumnName("step");
        e.Property(t => t.ApproverId).HasColumnName("approver_id").HasMaxLength(450).IsRequired();
        e.Property(t => t.Escalation).HasColumnName("escalation");
        e.Property(t => t.AssignedAt).HasColumnName("assigned_at");
        e.Property(t => t.Decision).HasColumnName("decision").HasMaxLength(16);
        e.Property(t => t.DecidedAt).HasColumnName("decided_at");
        e.Property(t => t.DecidedBy).HasColumnName("decided_by").HasMaxLength(450);
        e.Property(t => t.Comment).HasColumnName("comment").HasMaxLength(2000);
        e.HasOne<ApprovalRequestRow>().WithMany().HasForeignKey(t => t.RequestId).HasConstraintName("fk_approval_tasks_requests")
            .OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => t.RequestId).HasDatabaseName("ix_approval_tasks__request");
        e.HasIndex(t => new { t.ApproverId, t.Decision }).HasDatabaseName("ix_approval_tasks__approver");
    }

    private static void ConfigureApprovalDelegations(EntityTypeBuilder<ApprovalDelegationRow> e)
    {
        e.ToTable("approval_delegations");
        e.HasKey(d => d.Id).HasName("pk_approval_delegations");
        e.Property(d => d.Id).HasColumnName("id");
        e.Property(d => d.FromUser).HasColumnName("from_user").HasMaxLength(450).IsRequired();
        e.Property(d => d.ToUser).HasColumnName("to_user").HasMaxLength(450).IsRequired();
        e.Property(d => d.Starts).HasColumnName("starts");
        e.Property(d => d.Ends).HasColumnName("ends");
        e.Property(d => d.CreatedAt).HasColumnName("created_at");
        e.HasIndex(d => d.FromUser).HasDatabaseName("ix_approval_delegations__from");
        e.HasIndex(d => d.ToUser).HasDatabaseName("ix_approval_delegations__to");
    }

    private static void ConfigureNotifications(EntityTypeBuilder<NotificationRow> e)
    {
        e.ToTable("notifications");
        e.HasKey(n => n.Id).HasName("pk_notifications");
        e.Property(n => n.Id).HasColumnName("id");
        e.Property(n => n.UserId).HasColumnName("user_id").HasMaxLength(450).IsRequired();
        e.Property(n => n.Event).HasColumnName("event").HasMaxLength(63).IsRequired();
        e.Property(n => n.Title).HasColumnName("title").HasMaxLength(300).IsRequired();
        e.Property(n => n.Body).HasColumnName("body").IsRequired();
        e.Property(n => n.Link).HasColumnName("link").HasMaxLength(2000);
        e.Property(n => n.RecordId).HasColumnName("record_id");
        e.Property(n => n.OutboxId).HasColumnName("outbox_id");
        e.Property(n => n.CreatedAt).HasColumnName("created_at");
        e.Property(n => n.ReadAt).HasColumnName("read_at");
        e.HasIndex(n => new { n.UserId, n.CreatedAt }).HasDatabaseName("ix_notifications__user");
        // One row per message and user, however often the message is delivered.
        e.HasIndex(n => new { n.OutboxId, n.UserId }).IsUnique().HasDatabaseName("ux_notifications__outbox_user");
    }

    private void ConfigureRecords(EntityTypeBuilder<RecordRow> e)
    {
        e.ToTable("records");
        e.HasKey(r => r.Id).HasName("pk_records");
        e.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        e.Property(r => r.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        e.Property(r => r.Stage).HasColumnName("stage").HasMaxLength(63);
        e.Property(r => r.OwnerId).HasColumnName("owner_id").HasMaxLength(450);
        e.Property(r => r.Title).HasColumnName("title").HasMaxLength(1000);
        e.Property(r => r.Values).HasColumnName("values").HasColumnType(JsonColumnType).IsRequired();
        e.Property(r => r.CreatedAt).HasColumnName("created_at");
        e.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        e.Property(r => r.CreatedBy).HasColumnName("created_by").HasMaxLength(450);
        e.Property(r => r.UpdatedBy).HasColumnName("updated_by").HasMaxLength(450);
        e.Property(r => r.StageEnteredAt).HasColumnName("stage_entered_at");
        e.Property(r => r.Version).HasColumnName("version").IsConcurrencyToken();
        e.Property(r => r.Deleted).HasColumnName("deleted");
        e.Property(r => r.ConfigVersion).HasColumnName("config_version");
        e.Property(r => r.Amount).HasColumnName("amount").HasColumnType("numeric");
        // The board reads "first cards of a stage, most recently updated", the list filters by stage.
        e.HasIndex(r => new { r.Object, r.Deleted, r.Stage, r.UpdatedAt }).HasDatabaseName("ix_records__object_deleted_stage_updated");
        e.HasIndex(r => new { r.Object, r.OwnerId }).HasDatabaseName("ix_records__object_owner");
        e.HasIndex(r => new { r.Object, r.UpdatedAt }).HasDatabaseName("ix_records__object_updated");
        e.HasIndex(r => r.Title).HasDatabaseName("ix_records__title");
        e.ToTable(t => t.HasTrigger(StageHistoryOwnerTriggers.OwnerChange));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.RecordInsert));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.RecordUpdate));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.RecordDelete));
    }

    private static void ConfigureFieldHistory(EntityTypeBuilder<FieldHistoryRow> e)
    {
        e.ToTable("field_history");
        e.HasKey(h => h.Id).HasName("pk_field_history");
        e.Property(h => h.Id).HasColumnName("id");
        e.Property(h => h.RecordId).HasColumnName("record_id");
        e.Property(h => h.Field).HasColumnName("field").HasMaxLength(63).IsRequired();
        e.Property(h => h.OldValue).HasColumnName("old_value");
        e.Property(h => h.NewValue).HasColumnName("new_value");
        e.Property(h => h.At).HasColumnName("at");
        e.Property(h => h.By).HasColumnName("by").HasMaxLength(450);
        e.HasOne<RecordRow>().WithMany().HasForeignKey(h => h.RecordId).HasConstraintName("fk_field_history_records")
            .OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(h => new { h.RecordId, h.At }).HasDatabaseName("ix_field_history__record_at");
        // The forecast job carries a day's open pipeline to the next from the owner, amount and close date changes of that day.
        e.HasIndex(h => new { h.Field, h.At }).HasDatabaseName("ix_field_history__field_at");
    }

    private static void ConfigureStageHistory(EntityTypeBuilder<StageHistoryRow> e)
    {
        e.ToTable("stage_history");
        e.HasKey(h => h.Id).HasName("pk_stage_history");
        e.Property(h => h.Id).HasColumnName("id");
        e.Property(h => h.RecordId).HasColumnName("record_id");
        e.Property(h => h.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        e.Property(h => h.FromStage).HasColumnName("from_stage").HasMaxLength(63);
        e.Property(h => h.ToStage).HasColumnName("to_stage").HasMaxLength(63).IsRequired();
        e.Property(h => h.At).HasColumnName("at");
        e.Property(h => h.By).HasColumnName("by").HasMaxLength(450);
        e.Property(h => h.SecondsInPreviousStage).HasColumnName("seconds_in_previous_stage");
        e.Property(h => h.Amount).HasColumnName("amount");
        e.Property(h => h.OwnerId).HasColumnName("owner_id").HasMaxLength(450);
        e.HasOne<RecordRow>().WithMany().HasForeignKey(h => h.RecordId).HasConstraintName("fk_stage_history_records")
            .OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(h => new { h.RecordId, h.At }).HasDatabaseName("ix_stage_history__record_at");
        e.HasIndex(h => new { h.Object, h.At }).HasDatabaseName("ix_stage_history__object_at");
        e.HasIndex(h => new { h.Object, h.OwnerId, h.At }).HasDatabaseName("ix_stage_history__object_owner_at");
        // Triggers keep owner_id (OwnerKeyedStageHistory migration); EF must not read values back with RETURNING past them.
        e.ToTable(t => t.HasTrigger(StageHistoryOwnerTriggers.Insert));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.HistoryInsert));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.HistoryUpdate));
        e.ToTable(t => t.HasTrigger(Analytics.Rollups.DayRollupTriggers.HistoryDelete));
    }

    private void ConfigureConfigVersions(EntityTypeBuilder<ConfigVersionRow> e)
    {
        e.ToTable("config_versions");
        e.HasKey(v => v.Id).HasName("pk_config_versions");
        e.Property(v => v.Id).HasColumnName("id");
        e.Property(v => v.PackageName).HasColumnName("package_name").HasMaxLength(63).IsRequired();
        e.Property(v => v.PackageVersion).HasColumnName("package_version").HasMaxLength(63).IsRequired();
        e.Property(v => v.Files).HasColumnName("files").HasColumnType(JsonColumnType).IsRequired();
        e.Property(v => v.PublishedAt).HasColumnName("published_at");
        e.Property(v => v.PublishedBy).HasColumnName("published_by").HasMaxLength(450);
        e.Property(v => v.Status).HasColumnName("status").HasMaxLength(16).IsRequired().HasDefaultValue("retired");
        e.Property(v => v.CreatedAt).HasColumnName("created_at");
        e.Property(v => v.CreatedBy).HasColumnName("created_by").HasMaxLength(450);
        e.Property(v => v.SourceVersionId).HasColumnName("source_version_id");
        e.Property(v => v.DiffSummary).HasColumnName("diff_summary").HasColumnType(JsonColumnType);
        // One published version at most: publishing retires the previous one in the same transaction.
        e.HasIndex(v => v.Status).IsUnique().HasFilter("\"status\" = 'published'").HasDatabaseName("ux_config_versions__published");
    }

    private static void ConfigureRecordTotals(EntityTypeBuilder<RecordTotalRow> e)
    {
        e.ToTable("record_totals");
        e.HasKey(t => new { t.Object, t.Stage, t.OwnerId, t.Shard }).HasName("pk_record_totals");
        e.Property(t => t.Object).HasColumnName("object").HasMaxLength(63);
        e.Property(t => t.Stage).HasColumnName("stage").HasMaxLength(63);
        e.Property(t => t.OwnerId).HasColumnName("owner_id").HasMaxLength(450);
        e.Property(t => t.Shard).HasColumnName("shard");
        e.Property(t => t.Count).HasColumnName("count");
        e.Property(t => t.Amount).HasColumnName("amount").HasColumnType("numeric");
    }

    private static void ConfigureCounters(EntityTypeBuilder<CounterRow> e)
    {
        e.ToTable("counters");
        e.HasKey(c => new { c.Object, c.Field }).HasName("pk_counters");
        e.Property(c => c.Object).HasColumnName("object").HasMaxLength(63);
        e.Property(c => c.Field).HasColumnName("field").HasMaxLength(63);
        e.Property(c => c.Value).HasColumnName("value");
    }
}
