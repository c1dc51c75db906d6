using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// The semantic difference between two package versions (what the plan, the stored diff summary
/// and <c>GET …/diff</c> show). The real implementation is <c>Diff/PackageDiff.Compare</c>; until it
/// is registered, <see cref="NaiveDiffer"/> stands in.
/// </summary>
public interface IPackageDiffer
{
    IReadOnlyList<ConfigChange> Compare(PackageDefinition before, PackageDefinition after);
}
