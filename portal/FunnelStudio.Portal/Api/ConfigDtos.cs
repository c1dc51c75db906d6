using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Saving;
using FunnelStudio.Testing;
using FunnelStudio.Versions;

namespace FunnelStudio.Portal.Api;

/// <summary>A config version without its files. <c>summary</c>: what it changed against the version it replaced (once published).</summary>
public sealed record ConfigVersionDto(long Id, string Package, string PackageVersion, string Status, bool Active, DateTime CreatedAt,
    string? CreatedBy, DateTime? PublishedAt, string? PublishedBy, long? SourceVersionId, JsonElement? Summary)
{
    public static ConfigVersionDto From(ConfigVersionInfo v) => new(v.Id, v.PackageName, v.PackageVersion, v.Status.ToString().ToLowerInvariant(),
        v.Status == ConfigVersionStatus.Published, v.CreatedAt, v.CreatedBy, v.PublishedAt, v.PublishedBy, v.SourceVersionId,
        v.DiffSummary is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null);
}

/// <summary>One version with its files' names, the loader's diagnostics and the package's test results.</summary>
public sealed record ConfigVersionDetailDto(ConfigVersionDto Version, IReadOnlyList<string> Files, IReadOnlyList<DiagnosticDto> Diagnostics,
    IReadOnlyList<TestResultDto> Tests);

/// <summary>A loader diagnostic: stable code, where (file, JSON path, line and column for malformed JSON) and what.</summary>
public sealed record DiagnosticDto(string Code, string Severity, string File, string Path, string Message, long? Line, long? Column)
{
    public static DiagnosticDto From(Diagnostic d) => new(d.Code, d.Severity.ToString().ToLowerInvariant(), d.File, d.Path, d.Message, d.Line, d.Column);
}

public sealed record TestResultDto(string Name, string File, bool Passed, IReadOnlyList<string> Failures)
{
    public static TestResultDto From(PackageTestResult t) => new(t.Name, t.File, t.Passed, t.Failures);
}

public sealed record ChangeDto(string Kind, string Area, string Path, string? Before, string? After)
{
    public static ChangeDto From(ConfigChange c) => new(c.Kind.ToString().ToLowerInvariant(), c.Area, c.Path, c.Before, c.After);
}

/// <summary><c>GET …/diff</c>: the changes from <c>against</c> (null: nothing was active) to the version.</summary>
public sealed record ConfigDiffDto(long Version, long? Against, IReadOnlyList<ChangeDto> Changes);

public sealed record BlockerDto(string Code, string Message);

/// <summary>
/// What publishing the version would meet (<c>GET …/impact</c>, and the body of a refused publish):
/// <c>canPublish</c> or the <c>blockers</c>, with the checks, the diff and the impact on the data.
/// </summary>
public sealed record PublishPlanDto(long Version, long? Active, bool CanPublish, IReadOnlyList<BlockerDto> Blockers,
    IReadOnlyList<DiagnosticDto> Diagnostics, IReadOnlyList<TestResultDto> Tests, IReadOnlyList<ChangeDto> Changes, ImpactDto Impact,
    SchemaPlan Schema)
{
    public static PublishPlanDto From(PublishPlan p) => new(p.Version.Id, p.ActiveVersionId, p.CanPublish,
        p.Blockers.Select(b => new BlockerDto(b.Code, b.Message)).ToList(), p.Diagnostics.Select(DiagnosticDto.From).ToList(),
        p.Tests.Select(TestResultDto.From).ToList(), p.Changes.Select(ChangeDto.From).ToList(), ImpactDto.From(p.Impact), p.Schema);
}

/// <summary>The impact on the stored data (see <see cref="DataImpact"/>); duplicates as diagnostics (FS1301).</summary>
public sealed record ImpactDto(IReadOnlyList<RuleImpact> Rules, IReadOnlyList<StageImpact> Stages, IReadOnlyList<RemovedDataImpact> RemovedData,
    IReadOnlyList<DiagnosticDto> Duplicates, IReadOnlyList<RoleImpact> Roles, IReadOnlyList<ApprovalImpact> Approvals, DateTime? CountedAt)
{
    public static ImpactDto From(DataImpact i) =>
        new(i.Rules, i.Stages, i.RemovedData, i.Duplicates.Select(DiagnosticDto.From).ToList(), i.Roles, i.Approvals,
            i.CountedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null);
}

/// <summary>A publish or rollback that went through: the version now active and the plan it passed.</summary>
public sealed record PublishedDto(ConfigVersionDto Version, PublishPlanDto Plan);
