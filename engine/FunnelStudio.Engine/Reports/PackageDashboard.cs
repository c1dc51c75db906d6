using FunnelStudio.Metadata;

namespace FunnelStudio.Reports;

/// <summary>
/// A dashboard a package ships (<c>dashboards/&lt;name&gt;.json</c>): its reports and their layout.
/// Read-only for users, who may copy one of its reports to edit it; visible to everyone who may read
/// the reports' objects (each report runs over what its user may read, like any other).
/// </summary>
public sealed record PackageDashboard(string Name, LocalizedText Label, IReadOnlyList<PackageReport> Reports, IReadOnlyList<DashboardItem> Layout)
{
    /// <summary>The file, relative to the package.</summary>
    public string File { get; init; } = "";

    public PackageReport? Report(string name) => Reports.FirstOrDefault(r => r.Definition.Name == name);
}

/// <summary>A report of a package dashboard: its definition and its label in the package's locales.</summary>
public sealed record PackageReport(ReportDefinition Definition, LocalizedText Label)
{
    /// <summary>The id a URL and a dashboard use for it: <c>pkg.&lt;dashboard&gt;.&lt;report&gt;</c>.</summary>
    public string Id { get; init; } = "";
}
