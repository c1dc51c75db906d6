using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>
/// The published package the running engine uses, compiled once per version. Publishing validates
/// the package (refusing it with every diagnostic), stores it as a new config version, creates
/// the indexed fields' indexes and swaps it in.
/// </summary>
public interface IPackageRuntime
{
    /// <summary>The compiled published package.</summary>
    CompiledPackage Current { get; }

    /// <summary>The id of the published config version.</summary>
    long VersionId { get; }

    /// <summary>Loads the published version from storage (at start-up); false when none exists yet.</summary>
    Task<bool> LoadPublishedAsync(CancellationToken cancellationToken);

    /// <summary>Validates, stores and publishes a package; returns the load result (with diagnostics when refused).</summary>
    Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken);
}
