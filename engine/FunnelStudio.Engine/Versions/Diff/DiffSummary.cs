namespace FunnelStudio.Versions;

/// <summary>How many changes a diff has of each kind, and the one line that says so.</summary>
public sealed record DiffSummary(int Added, int Removed, int Changed)
{
    public int Total => Added + Removed + Changed;

    /// <summary><c>3 added, 1 removed, 4 changed</c>, or <c>no differences</c>.</summary>
    public string Text => Total == 0 ? "no differences" : $"{Added} added, {Removed} removed, {Changed} changed";

    public static DiffSummary Of(IEnumerable<ConfigChange> changes)
    {
        int added = 0, removed = 0, changed = 0;
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Added: added++; break;
                case ChangeKind.Removed: removed++; break;
                default: changed++; break;
            }
        }
        return new DiffSummary(added, removed, changed);
    }

    public override string ToString() => Text;
}
