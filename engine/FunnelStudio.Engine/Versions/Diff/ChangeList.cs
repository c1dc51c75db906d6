namespace FunnelStudio.Versions;

/// <summary>
/// Collects the changes of one diff. Values arrive already rendered as text (<see cref="DiffText"/>),
/// so "changed" means "reads differently" — two decimals 5 and 5.0 are the same value.
/// </summary>
internal sealed class ChangeList
{
    private readonly List<ConfigChange> _changes = [];

    public void Added(string area, string path, string? after = null) =>
        _changes.Add(new ConfigChange(ChangeKind.Added, area, path, null, after));

    public void Removed(string area, string path, string? before = null) =>
        _changes.Add(new ConfigChange(ChangeKind.Removed, area, path, before, null));

    /// <summary>Records a change when <paramref name="before"/> and <paramref name="after"/> differ.</summary>
    public void Compare(string area, string path, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
            _changes.Add(new ConfigChange(ChangeKind.Changed, area, path, before, after));
    }

    /// <summary>
    /// Walks two keyed collections: <paramref name="added"/> and <paramref name="removed"/> for keys on one
    /// side only, <paramref name="both"/> for keys on both sides (in ordinal key order).
    /// </summary>
    public static void Match<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key,
        Action<T> added, Action<T> removed, Action<T, T> both)
    {
        var old = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in before) old.TryAdd(key(item), item);
        var now = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in after) now.TryAdd(key(item), item);
        foreach (var name in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var inOld = old.TryGetValue(name, out var a);
            var inNew = now.TryGetValue(name, out var b);
            if (inOld && inNew) both(a!, b!);
            else if (inNew) added(b!);
            else removed(a!);
        }
    }

    /// <summary>The changes in listing order: by area (<see cref="ChangeAreas.Order"/>), then path.</summary>
    public IReadOnlyList<ConfigChange> Sorted() => _changes
        .OrderBy(c => ChangeAreas.Rank(c.Area))
        .ThenBy(c => c.Path, StringComparer.Ordinal)
        .ThenBy(c => c.Kind)
        .ToArray();
}
