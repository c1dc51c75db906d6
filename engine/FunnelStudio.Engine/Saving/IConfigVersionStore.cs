namespace FunnelStudio.Saving;

/// <summary>
/// Config versions are rows from day one: a package imported is stored (all its files) and
/// published; records remember the version they were saved under; later releases add drafts,
/// diff and rollback on top.
/// </summary>
public interface IConfigVersionStore
{
    /// <summary>The published version, or null when nothing was ever published.</summary>
    Task<ConfigVersion?> PublishedAsync(CancellationToken cancellationToken);

    /// <summary>Stores a package's files as a new version and publishes it (the previous one is retired).</summary>
    Task<ConfigVersion> PublishAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? publishedBy, CancellationToken cancellationToken);
}

/// <summary>A stored package version: its files (relative path → text) and when it was published.</summary>
public sealed record ConfigVersion(long Id, string PackageName, string PackageVersion,
    IReadOnlyDictionary<string, string> Files, DateTime PublishedAt, string? PublishedBy);
