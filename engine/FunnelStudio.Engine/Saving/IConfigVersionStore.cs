namespace FunnelStudio.Saving;

/// <summary>
/// Config versions as rows: a package's files stored whole and never changed afterwards. A version
/// starts as a draft; publishing one makes it the one published version and retires the previous
/// one (<see cref="IConfigVersionSwitch"/>); records remember the version they were saved under.
/// </summary>
public interface IConfigVersionStore
{
    /// <summary>The published version, or null when nothing was ever published.</summary>
    Task<ConfigVersion?> PublishedAsync(CancellationToken cancellationToken);

    /// <summary>The id of the published version (a cheap query: instances poll it to follow a publish).</summary>
    Task<long?> PublishedIdAsync(CancellationToken cancellationToken);

    /// <summary>One version with its files; null when there is none with that id.</summary>
    Task<ConfigVersion?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every version without its files, newest first.</summary>
    Task<IReadOnlyList<ConfigVersionInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a package's files as a new draft.</summary>
    Task<ConfigVersion> AddDraftAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? createdBy, long? sourceVersionId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a package's files as a new version and publishes it at once, retiring the previous one
    /// (one transaction). For set-up without checks (tests); a running system publishes through
    /// <see cref="Versions.IConfigPublisher"/>.
    /// </summary>
    Task<ConfigVersion> PublishAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? publishedBy, CancellationToken cancellationToken);
}

/// <summary>
/// The switch of the active version: one transaction on the scope's unit of work (the scoped
/// database context), which the audit log and the schema migration join by writing through the
/// same scope. Either all of it commits or none of it does, and the previous version stays active.
/// </summary>
public interface IConfigVersionSwitch
{
    /// <summary>
    /// Retires the published version and publishes <paramref name="versionId"/> (a draft) with its
    /// diff summary, runs <paramref name="within"/> in the same transaction, and commits. Throws
    /// <see cref="ConfigVersionConflictException"/> when the version is not a draft any more or the
    /// published version is no longer <paramref name="expectedActiveId"/> (someone published meanwhile).
    /// </summary>
    Task<ConfigVersionInfo> SwitchAsync(long versionId, long? expectedActiveId, string? publishedBy, string? diffSummary,
        Func<CancellationToken, Task> within, CancellationToken cancellationToken);
}

/// <summary>Draft, published (one version at most) or retired (published once, replaced since).</summary>
public enum ConfigVersionStatus { Draft, Published, Retired }

/// <summary>A stored version without its files.</summary>
public record ConfigVersionInfo
{
    public required long Id { get; init; }
    public required string PackageName { get; init; }
    public required string PackageVersion { get; init; }
    public required ConfigVersionStatus Status { get; init; }
    public required DateTime CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public DateTime? PublishedAt { get; init; }
    public string? PublishedBy { get; init; }
    /// <summary>For a rollback: the version whose files this one copies.</summary>
    public long? SourceVersionId { get; init; }
    /// <summary>JSON: what the version changed against the one it replaced (set when it is published).</summary>
    public string? DiffSummary { get; init; }
}

/// <summary>A stored package version with its files (relative path → text).</summary>
public sealed record ConfigVersion : ConfigVersionInfo
{
    public required IReadOnlyDictionary<string, string> Files { get; init; }
}

/// <summary>A publish that lost a race: the version was published meanwhile, or another one was.</summary>
public sealed class ConfigVersionConflictException(string message) : Exception(message);
