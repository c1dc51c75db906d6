using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// The semantic difference between two package versions (what the plan, the stored diff summary
/// and <c>GET …/diff</c> show): <see cref="PackageDiff.Compare"/> behind an interface, so the
/// publisher's tests may stand in for it.
/// </summary>
public interface IPackageDiffer
{
    IReadOnlyList<ConfigChange> Compare(PackageDefinition before, PackageDefinition after);
}

/// <summary>The semantic diff (<see cref="PackageDiff"/>).</summary>
public sealed class PackageDiffer : IPackageDiffer
{
    public IReadOnlyList<ConfigChange> Compare(PackageDefinition before, PackageDefinition after) => PackageDiff.Compare(before, after);
}
