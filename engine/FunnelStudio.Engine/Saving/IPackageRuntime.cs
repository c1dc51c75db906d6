using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>
/// The published package the running engine uses, compiled once per version. Read
/// <see cref="Current"/> once per unit of work (a request, a save) and keep that package: a publish
/// swaps the whole reference, so a reader holding it never sees half of a version.
/// </summary>
public interface IPackageRuntime
{
    /// <summary>The compiled published package.</summary>
    CompiledPackage Current { get; }

    /// <summary>The id of the published config version.</summary>
    long VersionId { get; }

    /// <summary>Loads the published version from storage (at start-up, and when another instance published); false when none exists yet.</summary>
    Task<bool> LoadPublishedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a package as a draft and publishes it through every check (<see cref="Versions.IConfigPublisher"/>);
    /// returns the load result, with the blockers as error diagnostics when refused.
    /// </summary>
    Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Until disposed, <see cref="Current"/> and <see cref="VersionId"/> give the version active now to
    /// this async flow (and what it starts), whatever is published meanwhile: one request, one version.
    /// </summary>
    IDisposable Pin();

    /// <summary>Swaps in a package just published as <paramref name="versionId"/> (by the publisher, after its commit).</summary>
    void Activate(CompiledPackage package, long versionId);
}
