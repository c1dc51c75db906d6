using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Reports;

/// <summary>A saved report (<c>reports</c>): its definition as JSON and the roles it is shared with (also in the definition, kept apart for listing).</summary>
public sealed class ReportRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string Definition { get; set; } = "{}";
    /// <summary>The shared roles as a JSON array; <c>[]</c> when private.</summary>
    public string SharedRoles { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A user's dashboard (<c>dashboards</c>): its layout (report ids in order with widths) as JSON.</summary>
public sealed class DashboardRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string Layout { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The model of the two tables, called from <see cref="FunnelStudioDbContext"/>.</summary>
internal static class ReportTables
{
    public static void Configure(ModelBuilder builder, string jsonColumnType)
    {
        var report = builder.Entity<ReportRow>();
        report.ToTable("reports");
        report.HasKey(r => r.Id).HasName("pk_reports");
        report.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        report.Property(r => r.Name).HasColumnName("name").HasMaxLength(200).IsRequired();
        report.Property(r => r.OwnerId).HasColumnName("owner_id").HasMaxLength(450).IsRequired();
        report.Property(r => r.Definition).HasColumnName("definition").HasColumnType(jsonColumnType).IsRequired();
        report.Property(r => r.SharedRoles).HasColumnName("shared_roles").HasColumnType(jsonColumnType).IsRequired();
        report.Property(r => r.CreatedAt).HasColumnName("created_at");
        report.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        report.HasIndex(r => r.OwnerId).HasDatabaseName("ix_reports__owner");

        var dashboard = builder.Entity<DashboardRow>();
        dashboard.ToTable("dashboards");
        dashboard.HasKey(d => d.Id).HasName("pk_dashboards");
        dashboard.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        dashboard.Property(d => d.Name).HasColumnName("name").HasMaxLength(200).IsRequired();
        dashboard.Property(d => d.OwnerId).HasColumnName("owner_id").HasMaxLength(450).IsRequired();
        dashboard.Property(d => d.Layout).HasColumnName("layout").HasColumnType(jsonColumnType).IsRequired();
        dashboard.Property(d => d.CreatedAt).HasColumnName("created_at");
        dashboard.Property(d => d.UpdatedAt).HasColumnName("updated_at");
        dashboard.HasIndex(d => d.OwnerId).HasDatabaseName("ix_dashboards__owner");
    }
}
