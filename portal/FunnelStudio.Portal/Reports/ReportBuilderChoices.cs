using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Reports;

/// <summary>A column the builder offers: its name, label and kind (which says its operators, and whether it groups, buckets or measures).</summary>
public sealed record BuilderColumn(string Name, string Label, ReportColumn Column)
{
    public bool Groups => Column.Kind is not (ReportValueKind.Number or ReportValueKind.Unsupported);
    public bool Measures => Column.Kind == ReportValueKind.Number;
}

/// <summary>
/// What the report builder may offer a user: the objects they may build reports on
/// (<see cref="IReportService.CanBuild"/>), an object's columns they may read (hidden fields are
/// never offered — the validator would refuse them anyway), and the package's roles to share with.
/// </summary>
public sealed class ReportBuilderChoices(IPackageRuntime runtime, IReportService reports)
{
    public IReadOnlyList<(string Name, string Label)> Objects(ActingUser user, string locale) =>
        runtime.Current.Definition.Objects.Where(o => reports.CanBuild(user, o.Name))
            .Select(o => (o.Name, o.Label.Get(locale) is { Length: > 0 } label ? label : o.Name)).ToList();

    public IReadOnlyList<(string Name, string Label)> Roles(string locale) =>
        runtime.Current.Definition.Roles.Select(r => (r.Name, r.Label.Get(locale) is { Length: > 0 } label ? label : r.Name)).ToList();

    /// <summary>The columns of <paramref name="objectName"/> the user may read: stage, owner, created/updated, then the fields.</summary>
    public IReadOnlyList<BuilderColumn> Columns(ActingUser user, string objectName, string locale, Func<string, string> systemLabel)
    {
        var package = runtime.Current;
        if (package.Definition.Object(objectName) is not { } obj) return [];
        var access = package.Access.For(user, obj);
        var names = new[] { ReportColumn.Stage, ReportColumn.Owner, ReportColumn.CreatedAt, ReportColumn.UpdatedAt }
            .Concat(obj.Fields.Select(f => f.Name)).Distinct();
        var columns = new List<BuilderColumn>();
        foreach (var name in names)
        {
            if (ReportColumn.Resolve(obj, name) is not { Kind: not ReportValueKind.Unsupported } column) continue;
            if (column.Field is { } field && access.IsHidden(field.Name)) continue;
            var label = obj.Field(name) is { } own && own.Label.Get(locale) is { Length: > 0 } text ? text : systemLabel(name);
            columns.Add(new BuilderColumn(name, label, column));
        }
        return columns;
    }
}
