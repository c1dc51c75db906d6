using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// TEMPORARY stand-in for the semantic diff (<c>Diff/PackageDiff</c>), registered only when no other
/// <see cref="IPackageDiffer"/> is: objects, fields, stages, validation rules and roles added or
/// removed, and the package version changed. The integrator replaces it with the real diff.
/// </summary>
public sealed class NaiveDiffer : IPackageDiffer
{
    public IReadOnlyList<ConfigChange> Compare(PackageDefinition before, PackageDefinition after)
    {
        var changes = new List<ConfigChange>();
        if (before.Version != after.Version)
            changes.Add(new ConfigChange(ChangeKind.Changed, "package", "package.version", before.Version, after.Version));
        Names(changes, "role", "roles", before.Roles.Select(r => r.Name), after.Roles.Select(r => r.Name));
        Names(changes, "object", "objects", before.Objects.Select(o => o.Name), after.Objects.Select(o => o.Name));
        foreach (var obj in after.Objects)
        {
            if (before.Object(obj.Name) is not { } old) continue;
            Names(changes, "field", $"{obj.Name}.fields", old.Fields.Select(f => f.Name), obj.Fields.Select(f => f.Name));
            Names(changes, "rule", $"{obj.Name}.validationRules", old.ValidationRules.Select(r => r.Name), obj.ValidationRules.Select(r => r.Name));
            Names(changes, "stage", $"{obj.Name}.pipeline.stages", old.Pipeline?.Stages.Select(s => s.Name) ?? [], obj.Pipeline?.Stages.Select(s => s.Name) ?? []);
        }
        return changes;
    }

    private static void Names(List<ConfigChange> changes, string area, string path, IEnumerable<string> before, IEnumerable<string> after)
    {
        var old = before.ToHashSet(StringComparer.Ordinal);
        var now = after.ToHashSet(StringComparer.Ordinal);
        changes.AddRange(now.Where(n => !old.Contains(n)).Order(StringComparer.Ordinal).Select(n => new ConfigChange(ChangeKind.Added, area, $"{path}.{n}", null, n)));
        changes.AddRange(old.Where(n => !now.Contains(n)).Order(StringComparer.Ordinal).Select(n => new ConfigChange(ChangeKind.Removed, area, $"{path}.{n}", n, null)));
    }
}
