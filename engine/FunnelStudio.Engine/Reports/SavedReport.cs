namespace FunnelStudio.Reports;

/// <summary>A report a user saved: its definition (with the roles it is shared with), its owner and times.</summary>
public sealed record SavedReport(Guid Id, string OwnerId, ReportDefinition Definition)
{
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>True when <paramref name="userId"/> owns it or holds a role it is shared with.</summary>
    public bool VisibleTo(string userId, IReadOnlyList<string> roles) =>
        OwnerId == userId || Definition.SharedWith.Any(roles.Contains);
}

/// <summary>A user's dashboard: reports in order, each with a width (1–3 columns of the grid).</summary>
public sealed record SavedDashboard(Guid Id, string OwnerId, string Name, IReadOnlyList<DashboardItem> Items)
{
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>One card of a dashboard: a saved report's id (or a package report's name) and its width.</summary>
public sealed record DashboardItem(string Report, int Width = 1);

/// <summary>Saved reports and dashboards (tables <c>reports</c> and <c>dashboards</c>).</summary>
public interface ISavedReportStore
{
    /// <summary>The reports <paramref name="userId"/> owns or that are shared with one of <paramref name="roles"/>, by name.</summary>
    Task<IReadOnlyList<SavedReport>> ListAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    Task<SavedReport?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the report (its owner never changes once stored).</summary>
    Task SaveAsync(SavedReport report, CancellationToken cancellationToken);

    /// <summary>Deletes the report; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SavedDashboard>> DashboardsAsync(string userId, CancellationToken cancellationToken);

    Task<SavedDashboard?> FindDashboardAsync(Guid id, CancellationToken cancellationToken);

    Task SaveDashboardAsync(SavedDashboard dashboard, CancellationToken cancellationToken);

    Task<bool> DeleteDashboardAsync(Guid id, CancellationToken cancellationToken);
}
