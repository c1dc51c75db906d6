using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Reports;

/// <summary>One report as the portal lists it: a user's saved report or a package dashboard's (read-only).</summary>
public sealed record ReportEntry(string Id, ReportDefinition Definition, string Title, string? OwnerId, bool FromPackage)
{
    public Guid? SavedId => FromPackage ? null : Guid.Parse(Id);
}

/// <summary>
/// The reports a user may see — their own, those shared with one of their roles, and the package
/// dashboards' reports on objects they may read — and who may change what: only the owner (or an
/// admin) edits or deletes a saved report; package reports are copied to be edited.
/// </summary>
public sealed class ReportCatalog(ISavedReportStore saved, IPackageRuntime runtime, IReportService reports)
{
    public async Task<IReadOnlyList<ReportEntry>> ListAsync(ActingUser user, string locale, CancellationToken cancellationToken)
    {
        var mine = await saved.ListAsync(user.Id, user.Roles, cancellationToken);
        return mine.Select(r => new ReportEntry(r.Id.ToString(), r.Definition, r.Definition.Title, r.OwnerId, false))
            .Concat(PackageReports(user, locale))
            .ToList();
    }

    /// <summary>A report by id (a GUID, or <c>pkg.&lt;dashboard&gt;.&lt;report&gt;</c>) when the user may see it; null otherwise.</summary>
    public async Task<ReportEntry?> FindAsync(string id, ActingUser user, string locale, CancellationToken cancellationToken)
    {
        if (id.StartsWith("pkg.", StringComparison.Ordinal)) return PackageReports(user, locale).FirstOrDefault(r => r.Id == id);
        if (!Guid.TryParse(id, out var guid) || await saved.FindAsync(guid, cancellationToken) is not { } report) return null;
        return report.VisibleTo(user.Id, user.Roles) || runtime.Current.Access.IsAdmin(user)
            ? new ReportEntry(report.Id.ToString(), report.Definition, report.Definition.Title, report.OwnerId, false)
            : null;
    }

    /// <summary>The owner and admins change a saved report; nobody changes a package's.</summary>
    public bool CanChange(ReportEntry entry, ActingUser user) =>
        !entry.FromPackage && (entry.OwnerId == user.Id || runtime.Current.Access.IsAdmin(user));

    public bool CanBuild(ActingUser user, string? obj = null) => reports.CanBuild(user, obj);

    /// <summary>Package reports on objects the user may read (their fields are checked again when run).</summary>
    public IEnumerable<ReportEntry> PackageReports(ActingUser user, string locale)
    {
        var package = runtime.Current;
        foreach (var dashboard in package.Definition.Dashboards)
            foreach (var report in dashboard.Reports)
                if (package.Definition.Object(report.Definition.Object) is { } obj && package.Access.For(user, obj).CanReadAny)
                    yield return new ReportEntry(report.Id, report.Definition, report.Label.Get(locale), null, true);
    }
}
