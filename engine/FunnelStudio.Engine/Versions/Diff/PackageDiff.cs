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

    private static string Canonical(string json)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString() ?? json; }
        catch (System.Text.Json.JsonException) { return json; }
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
        ChangeList.Match(before.Plugins, after.Plugins, p => p.Id,
            added: p => changes.Added(area, "package.plugins." + p.Id, p.Version),
            removed: p => changes.Removed(area, "package.plugins." + p.Id, p.Version),
            both: (a, b) =>
            {
                changes.Compare(area, $"package.plugins.{a.Id}.version", a.Version, b.Version);
                changes.Compare(area, $"package.plugins.{a.Id}.settings", Canonical(a.SettingsJson), Canonical(b.SettingsJson));
                changes.Compare(area, $"package.plugins.{a.Id}.objects", DiffText.List(a.Objects), DiffText.List(b.Objects));
            });
        ChangeList.Match(before.Hooks, after.Hooks, h => $"{h.Object}.{h.Event}.{h.Id}",
            added: h => changes.Added(ChangeAreas.Script, $"hooks.{h.Object}.{h.Event}.{h.Id}", h.Source),
            removed: h => changes.Removed(ChangeAreas.Script, $"hooks.{h.Object}.{h.Event}.{h.Id}", h.Source),
            both: (a, b) => changes.Compare(ChangeAreas.Script, $"hooks.{a.Object}.{a.Event}.{a.Id}.order", a.Order.ToString(), b.Order.ToString()));
        ChangeList.Match(before.Actions, after.Actions, a => $"{a.Object}.{a.Name}",
            added: a => changes.Added(ChangeAreas.Script, $"actions.{a.Object}.{a.Name}", a.Id),
            removed: a => changes.Removed(ChangeAreas.Script, $"actions.{a.Object}.{a.Name}", a.Id),
            both: (a, b) => changes.Compare(ChangeAreas.Script, $"actions.{a.Object}.{a.Name}",
                $"{a.Id} {DiffText.List(a.Roles)} {DiffText.Of(a.Label)} {a.Icon}", $"{b.Id} {DiffText.List(b.Roles)} {DiffText.Of(b.Label)} {b.Icon}"));
    }
}
