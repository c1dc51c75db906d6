using System.Text.Json;
using FunnelStudio.Reports;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Reports;

/// <summary>
/// <see cref="ISavedReportStore"/> over <c>reports</c> and <c>dashboards</c>. Listing reads the
/// user's own rows and the shared ones and keeps those shared with one of the user's roles: a
/// handful of rows per company, so matching roles in C# is simpler than JSON containment per provider.
/// </summary>
public sealed class EfSavedReportStore(IDbContextFactory<FunnelStudioDbContext> contexts) : ISavedReportStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SavedReport>> ListAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ReportRow>().AsNoTracking()
            .Where(r => r.OwnerId == userId || r.SharedRoles != "[]")
            .ToListAsync(cancellationToken);
        return rows.Select(ToReport).Where(r => r.VisibleTo(userId, roles)).OrderBy(r => r.Definition.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<SavedReport?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ReportRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : ToReport(row);
    }

    public async Task SaveAsync(SavedReport report, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ReportRow>().FirstOrDefaultAsync(r => r.Id == report.Id, cancellationToken);
        if (row is null)
        {
            row = new ReportRow { Id = report.Id, OwnerId = report.OwnerId, CreatedAt = report.CreatedAt };
            db.Add(row);
        }
        row.Name = report.Definition.Title.Length > 200 ? report.Definition.Title[..200] : report.Definition.Title;
        row.Definition = JsonSerializer.Serialize(report.Definition, Json);
        row.SharedRoles = JsonSerializer.Serialize(report.Definition.SharedWith, Json);
        row.UpdatedAt = report.UpdatedAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ReportRow>().Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<SavedDashboard>> DashboardsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<DashboardRow>().AsNoTracking().Where(d => d.OwnerId == userId).ToListAsync(cancellationToken);
        return rows.Select(ToDashboard).OrderBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<SavedDashboard?> FindDashboardAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DashboardRow>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToDashboard(row);
    }

    public async Task SaveDashboardAsync(SavedDashboard dashboard, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DashboardRow>().FirstOrDefaultAsync(d => d.Id == dashboard.Id, cancellationToken);
        if (row is null)
        {
            row = new DashboardRow { Id = dashboard.Id, OwnerId = dashboard.OwnerId, CreatedAt = dashboard.CreatedAt };
            db.Add(row);
        }
        row.Name = dashboard.Name;
        row.Layout = JsonSerializer.Serialize(dashboard.Items, Json);
        row.UpdatedAt = dashboard.UpdatedAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteDashboardAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<DashboardRow>().Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static SavedReport ToReport(ReportRow row) =>
        new(row.Id, row.OwnerId, JsonSerializer.Deserialize<ReportDefinition>(row.Definition, Json) ?? new ReportDefinition())
        {
            CreatedAt = DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc),
            UpdatedAt = DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc),
        };

    private static SavedDashboard ToDashboard(DashboardRow row) =>
        new(row.Id, row.OwnerId, row.Name, JsonSerializer.Deserialize<List<DashboardItem>>(row.Layout, Json) ?? [])
        {
            CreatedAt = DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc),
            UpdatedAt = DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc),
        };
}
