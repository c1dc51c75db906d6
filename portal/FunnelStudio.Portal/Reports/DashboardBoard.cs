using System.Globalization;
using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Reports;

/// <summary>A dashboard as the portal shows it: a user's (changeable by its owner) or a package's (read-only, <c>pkg.&lt;name&gt;</c>).</summary>
public sealed record DashboardEntry(string Id, string Title, IReadOnlyList<DashboardItem> Items, SavedDashboard? Saved, string? PackageName)
{
    public bool FromPackage => PackageName is not null;
}

/// <summary>One card: its place, its report (null when the report is gone or out of the user's reach), its run and width.</summary>
public sealed record DashboardCard(int Index, string ReportId, ReportEntry? Report, ReportResultView? Result, IReadOnlyList<ReportProblem> Problems,
    bool TimedOut, int Width)
{
    /// <summary>Width 1 is half the grid on wide screens; 2 and 3 (a package may say either) the full width. Phones always get one column.</summary>
    public bool Full => Width >= 2;
}

/// <summary>
/// Finds the dashboards a user may open — their own and the package's whose reports they may read —
/// and runs a dashboard's cards, each over what the user may read (a report the user can no longer
/// see leaves an empty card, never an error page).
/// </summary>
public sealed class DashboardBoard(ISavedReportStore store, IPackageRuntime runtime, ReportCatalog catalog, ReportPageData data)
{
    public const string PackagePrefix = "pkg.";

    public async Task<IReadOnlyList<DashboardEntry>> ListAsync(ActingUser user, string locale, CancellationToken cancellationToken)
    {
        var mine = await store.DashboardsAsync(user.Id, cancellationToken);
        return mine.Select(Mine).Concat(PackageDashboards(user, locale)).ToList();
    }

    /// <summary>The dashboard when the user may open it: their own, or a package's; null otherwise (another user's is not found).</summary>
    public async Task<DashboardEntry?> FindAsync(string id, ActingUser user, string locale, CancellationToken cancellationToken)
    {
        if (id.StartsWith(PackagePrefix, StringComparison.Ordinal)) return PackageDashboards(user, locale).FirstOrDefault(d => d.Id == id);
        return Guid.TryParse(id, out var guid) && await store.FindDashboardAsync(guid, cancellationToken) is { } saved && saved.OwnerId == user.Id
            ? Mine(saved)
            : null;
    }

    public async Task<IReadOnlyList<DashboardCard>> CardsAsync(DashboardEntry dashboard, ActingUser user, TimeZoneInfo zone, string locale,
        CancellationToken cancellationToken)
    {
        var cards = new List<DashboardCard>();
        for (var i = 0; i < dashboard.Items.Count; i++)
        {
            var item = dashboard.Items[i];
            var reportId = dashboard.PackageName is { } name ? $"{PackagePrefix}{name}.{item.Report}" : item.Report;
            var entry = await catalog.FindAsync(reportId, user, locale, cancellationToken);
            if (entry is null)
            {
                cards.Add(new DashboardCard(i, reportId, null, null, [], false, item.Width));
                continue;
            }
            try
            {
                var (table, problems) = await data.RunAsync(entry.Definition, user, zone, locale, cancellationToken);
                var result = table is null ? null : new ReportResultView(table, entry.Title, entry.Id, "-card-" + i.ToString(CultureInfo.InvariantCulture), Compact: true);
                cards.Add(new DashboardCard(i, reportId, entry, result, problems, false, item.Width));
            }
            catch (ReportTimeoutException)
            {
                cards.Add(new DashboardCard(i, reportId, entry, null, [], true, item.Width));
            }
        }
        return cards;
    }

    private static DashboardEntry Mine(SavedDashboard saved) => new(saved.Id.ToString(), saved.Name, saved.Items, saved, null);

    private IEnumerable<DashboardEntry> PackageDashboards(ActingUser user, string locale)
    {
        var visible = catalog.PackageReports(user, locale).Select(r => r.Id).ToHashSet();
        foreach (var dashboard in runtime.Current.Definition.Dashboards)
            if (dashboard.Reports.Any(r => visible.Contains(r.Id)))
                yield return new DashboardEntry(PackagePrefix + dashboard.Name, dashboard.Label.Get(locale) is { Length: > 0 } label ? label : dashboard.Name,
                    dashboard.Layout, null, dashboard.Name);
    }
}
