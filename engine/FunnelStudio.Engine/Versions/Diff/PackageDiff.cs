using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// The semantic difference between two versions of a package: what an admin changed in terms of
/// objects, fields, stages, rules, roles, permissions and files — not lines of JSON. Reordering keys,
/// reformatting a file or writing 5.0 for 5 is no change. Things present on one side only are one
/// change each (a removed object is one line, not one per field); things on both sides are compared
/// property by property.
/// </summary>
public static class PackageDiff
{
    /// <summary>Every change from <paramref name="before"/> to <paramref name="after"/>, by area then path; empty when equal.</summary>
    public static IReadOnlyList<ConfigChange> Compare(PackageDefinition before, PackageDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new ChangeList();
        ComparePackage(changes, before, after);
        ObjectDiff.Compare(changes, before.Objects, after.Objects);
        AccessDiff.Compare(changes, before.Roles, after.Roles);
        FileDiff.Compare(changes, before, after);
        return changes.Sorted();
    }

    private static void ComparePackage(ChangeList changes, PackageDefinition before, PackageDefinition after)
    {
        const string area = ChangeAreas.Package;
        changes.Compare(area, "package.name", before.Name, after.Name);
        changes.Compare(area, "package.version", before.Version, after.Version);
        changes.Compare(area, "package.label", DiffText.Of(before.Label), DiffText.Of(after.Label));
        changes.Compare(area, "package.description", DiffText.Of(before.Description), DiffText.Of(after.Description));
        changes.Compare(area, "package.locales", DiffText.List(before.Locales), DiffText.List(after.Locales));
        changes.Compare(area, "package.defaultLocale", before.DefaultLocale, after.DefaultLocale);
        ChangeList.Match(before.Plugins, after.Plugins, p => p,
            added: p => changes.Added(area, "package.plugins." + p),
            removed: p => changes.Removed(area, "package.plugins." + p),
            both: (_, _) => { });
    }
}
