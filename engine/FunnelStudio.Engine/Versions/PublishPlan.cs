using FunnelStudio.Diagnostics;
using FunnelStudio.Saving;
using FunnelStudio.Testing;

namespace FunnelStudio.Versions;

/// <summary>
/// Everything a publish of <see cref="Version"/> would meet, worked out before anything is written:
/// the loader's diagnostics, the package's own tests, the semantic diff against the active version
/// (<see cref="ActiveVersionId"/>), the impact on the stored records, the schema plan, and the
/// <see cref="Blockers"/> that refuse it. No blocker: it can be published.
/// </summary>
public sealed record PublishPlan(ConfigVersionInfo Version, long? ActiveVersionId, IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<PackageTestResult> Tests, IReadOnlyList<ConfigChange> Changes, DataImpact Impact, SchemaPlan Schema,
    IReadOnlyList<PublishBlocker> Blockers)
{
    public bool CanPublish => Blockers.Count == 0;
}

/// <summary>Why a version cannot be published: one of <see cref="PublishBlockers"/>' codes and what it is about.</summary>
public sealed record PublishBlocker(string Code, string Message);

/// <summary>The stable codes of what refuses a publish (the API answers with the first one).</summary>
public static class PublishBlockers
{
    /// <summary>The package does not load (diagnostics with code, file, path, line).</summary>
    public const string Invalid = "CONFIG_INVALID";
    /// <summary>A test of the package (tests/*.json) fails.</summary>
    public const string TestsFailed = "CONFIG_TESTS_FAILED";
    /// <summary>A removed stage or option is in use and the publish names no replacement.</summary>
    public const string NeedsMapping = "CONFIG_NEEDS_MAPPING";
    /// <summary>The data cannot take the version as it is: duplicates for a new unique field, values that do not convert.</summary>
    public const string Unsafe = "CONFIG_UNSAFE";
}

/// <summary>
/// What a version does to the data there is: records its validation rules would refuse (per rule),
/// records in a stage they could no longer have reached, removed fields and objects that hold data,
/// fields made unique that hold duplicates, and users who lose a role.
/// </summary>
public sealed record DataImpact(IReadOnlyList<RuleImpact> Rules, IReadOnlyList<StageImpact> Stages,
    IReadOnlyList<RemovedDataImpact> RemovedData, IReadOnlyList<Diagnostic> Duplicates, IReadOnlyList<RoleImpact> Roles)
{
    public static DataImpact None { get; } = new([], [], [], [], []);

    /// <summary>Approval requests in flight per flow: they go on under the flow they started with, whatever this version does to it.</summary>
    public IReadOnlyList<ApprovalImpact> Approvals { get; init; } = [];

    /// <summary>When the records were counted (UTC); a publish may report an impact counted minutes before (<see cref="ImpactPreviews"/>).</summary>
    public DateTime? CountedAt { get; init; }
}

/// <summary>
/// <paramref name="Pending"/> requests of <paramref name="Flow"/> are in flight; <paramref name="Change"/>
/// says whether the version still has the flow (<c>current</c>) or removes it (<c>removed</c>). Either
/// way they finish under the flow they started with (its source is pinned in each request).
/// </summary>
public sealed record ApprovalImpact(string Flow, int Pending, string Change);

/// <summary>A record the impact names as an example.</summary>
public sealed record ImpactExample(Guid Id, string? Title);

/// <summary>How many live records of <paramref name="Object"/> fail validation rule <paramref name="Rule"/> (with up to five examples).</summary>
public sealed record RuleImpact(string Object, string Rule, int Records, IReadOnlyList<ImpactExample> Examples);

/// <summary>
/// How many live records sit in <paramref name="Stage"/> although, under the version, the exit
/// criteria (and required fields) of the stages before it would not let them get there; the rules that block.
/// </summary>
public sealed record StageImpact(string Object, string Stage, int Records, IReadOnlyList<string> BlockingRules, IReadOnlyList<ImpactExample> Examples);

/// <summary>A removed field (or, with no field, a removed object) whose data <paramref name="Records"/> live records hold.</summary>
public sealed record RemovedDataImpact(string Object, string? Field, int Records);

/// <summary>A role the version removes and the active users who hold it (up to five named).</summary>
public sealed record RoleImpact(string Role, int Users, IReadOnlyList<string> Examples);
