using FunnelStudio.Diagnostics;
using FunnelStudio.Saving;

namespace FunnelStudio.Versions;

/// <summary>
/// How a live funnel changes, for the API, the portal's start and the command line alike: a
/// package becomes a draft (only when it loads), a draft is planned (checks, tests, diff, impact)
/// and published (the plan again, then one switch of the active version), an earlier version is
/// rolled back to (a new draft with its files, through the same checks).
/// </summary>
public interface IConfigPublisher
{
    /// <summary>Stores the package files as a draft; refused (no version) with the loader's diagnostics when they do not load.</summary>
    Task<DraftResult> CreateDraftAsync(IReadOnlyDictionary<string, string> files, string? userId, CancellationToken cancellationToken);

    /// <summary>What publishing the version would meet; null when there is no such version.</summary>
    Task<PublishPlan?> PlanAsync(long versionId, PublishMapping mapping, CancellationToken cancellationToken);

    /// <summary>Plans again and, with no blocker, makes the draft the active version.</summary>
    Task<PublishResult> PublishAsync(long versionId, PublishMapping mapping, string? userId, CancellationToken cancellationToken);

    /// <summary>A new draft with the files of <paramref name="versionId"/>, published through the same checks.</summary>
    Task<PublishResult> RollbackAsync(long versionId, PublishMapping mapping, string? userId, CancellationToken cancellationToken);

    /// <summary>
    /// The semantic changes from <paramref name="againstId"/> (null: the active version; nothing
    /// active: an empty package) to <paramref name="versionId"/>; null when either does not exist.
    /// </summary>
    Task<IReadOnlyList<ConfigChange>?> DiffAsync(long versionId, long? againstId, CancellationToken cancellationToken);
}

/// <summary>A stored draft, or the diagnostics that kept the package from being stored.</summary>
public sealed record DraftResult(ConfigVersion? Version, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Created => Version is not null;
}

/// <summary>What became of a publish or rollback.</summary>
public enum PublishStatus
{
    Published,
    /// <summary>There is no version with that id.</summary>
    NotFound,
    /// <summary>The plan has blockers; nothing changed.</summary>
    Refused,
    /// <summary>Only a draft can be published (roll back to an earlier version instead); or another publish came first.</summary>
    Conflict,
}

/// <summary>
/// The outcome: the plan it ran (null when the version was not found or not a draft) and the
/// version concerned — the published one, or for a refused rollback the draft it made.
/// </summary>
public sealed record PublishResult(PublishStatus Status, PublishPlan? Plan, ConfigVersionInfo? Version, string Message);
