using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>
/// Creates the expression indexes (partial, per object) for fields marked <c>indexed</c> when a
/// version is published. Implemented per database provider.
/// </summary>
public interface IFieldIndexer
{
    Task EnsureIndexesAsync(CompiledPackage package, CancellationToken cancellationToken);
}
