using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Analytics.Forecast;

/// <summary>
/// One row of <c>pipeline_snapshots</c>: the open pipeline of one object as of one day's first instant
/// (analytics time zone), for one owner, expected close month and stage.
/// </summary>
public sealed class PipelineSnapshotRow
{
    public long Id { get; set; }
    public string Object { get; set; } = "";
    public DateOnly Day { get; set; }
    public string? OwnerId { get; set; }
    /// <summary>The first day of the expected close's month; null when the record had no close date.</summary>
    public DateOnly? CloseMonth { get; set; }
    public string Stage { get; set; } = "";
    public int Count { get; set; }
    public decimal Amount { get; set; }
    public decimal WeightedAmount { get; set; }
}

/// <summary>
/// One row of <c>pipeline_snapshot_days</c>: the snapshot of (object, day) is stored. Its primary key
/// is what makes a day's snapshot written once, whoever writes it and however often; it also marks a
/// day whose pipeline was empty, which has no <see cref="PipelineSnapshotRow"/>.
/// </summary>
public sealed class PipelineSnapshotDayRow
{
    public string Object { get; set; } = "";
    public DateOnly Day { get; set; }
    public DateTime TakenAt { get; set; }
}

/// <summary>The model of the two snapshot tables (called from <see cref="FunnelStudioDbContext"/>).</summary>
internal static class PipelineSnapshotModel
{
    public static void Configure(ModelBuilder builder)
    {
        var rows = builder.Entity<PipelineSnapshotRow>();
        rows.ToTable("pipeline_snapshots");
        rows.HasKey(r => r.Id).HasName("pk_pipeline_snapshots");
        rows.Property(r => r.Id).HasColumnName("id");
        rows.Property(r => r.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        rows.Property(r => r.Day).HasColumnName("day");
        rows.Property(r => r.OwnerId).HasColumnName("owner_id").HasMaxLength(450);
        rows.Property(r => r.CloseMonth).HasColumnName("close_month");
        rows.Property(r => r.Stage).HasColumnName("stage").HasMaxLength(63).IsRequired();
        rows.Property(r => r.Count).HasColumnName("count");
        rows.Property(r => r.Amount).HasColumnName("amount").HasColumnType("numeric");
        rows.Property(r => r.WeightedAmount).HasColumnName("weighted_amount").HasColumnType("numeric");
        // The forecast reads the rows of a few days of one object.
        rows.HasIndex(r => new { r.Object, r.Day }).HasDatabaseName("ix_pipeline_snapshots__object_day");

        var days = builder.Entity<PipelineSnapshotDayRow>();
        days.ToTable("pipeline_snapshot_days");
        days.HasKey(d => new { d.Object, d.Day }).HasName("pk_pipeline_snapshot_days");
        days.Property(d => d.Object).HasColumnName("object").HasMaxLength(63);
        days.Property(d => d.Day).HasColumnName("day");
        days.Property(d => d.TakenAt).HasColumnName("taken_at");
    }
}
