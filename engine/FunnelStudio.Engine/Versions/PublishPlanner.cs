using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Testing;
using FunnelStudio.Uniqueness;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Versions;

/// <summary>
/// Works out a <see cref="PublishPlan"/>: load the version (<c>CONFIG_INVALID</c>), run its tests
/// (<c>CONFIG_TESTS_FAILED</c>), diff it against the active version, count its impact on the stored
/// records, find duplicates for fields it makes unique (<c>CONFIG_UNSAFE</c>) and ask the schema
/// planner, when one is registered, what the data needs (<c>CONFIG_NEEDS_MAPPING</c>, <c>CONFIG_UNSAFE</c>).
/// Only reads.
/// </summary>
public sealed class PublishPlanner(IConfigVersionStore store, IPackageRuntime runtime, IPackageDiffer differ, ImpactAnalyzer impact,
    IRecordKeyStore keys, IEnumerable<ISchemaPlanner> schemaPlanners, ImpactPreviews previews, ILogger<PublishPlanner> logger)
{
    /// <summary>The plan with what a publish goes on with: the compiled package and the keys it will backfill.</summary>
    public sealed record Work(PublishPlan Plan, CompiledPackage? Package, UniqueKeyBackfill.Preparation? Keys);

    /// <summary>
    /// The plan of <paramref name="version"/> with <paramref name="mapping"/>. With <paramref name="reuseImpact"/> (a
    /// publish), the data impact counted for this version over the active one within the last few minutes
    /// (<see cref="ImpactPreviews"/>) is taken instead of counting again; a preview always counts.
    /// </summary>
    public async Task<Work> PlanAsync(ConfigVersion version, PublishMapping mapping, bool reuseImpact, CancellationToken cancellationToken)
    {
        var phases = new PhaseTimer();
        var loaded = PackageLoader.Load(new MemoryPackageSource(version.Files, $"config version {version.Id}"));
        var active = await store.PublishedAsync(cancellationToken);
        if (!loaded.Succeeded)
        {
            var errors = loaded.Errors.ToList();
            return new Work(new PublishPlan(version, active?.Id, loaded.Diagnostics, [], [], DataImpact.None, SchemaPlan.Empty,
                [new PublishBlocker(PublishBlockers.Invalid, $"The package does not load: {errors.Count} error(s), the first {errors.FirstOrDefault()}.")]), null, null);
        }
        var next = loaded.Package!;
        var current = active is null ? null : Compiled(active);
        var blockers = new List<PublishBlocker>();

        phases.Lap("load");
        var tests = PackageTestRunner.Run(next);
        foreach (var failed in tests.Where(t => !t.Passed))
            blockers.Add(new PublishBlocker(PublishBlockers.TestsFailed, $"Test '{failed.Name}' ({failed.File}) fails: {string.Join("; ", failed.Failures)}"));

        phases.Lap("tests");
        var changes = current is null ? [] : differ.Compare(current.Definition, next.Definition);
        phases.Lap("diff");
        var keyPreparation = await new UniqueKeyBackfill(keys).PrepareAsync(next, cancellationToken);
        phases.Lap("unique keys");
        blockers.AddRange(keyPreparation.Duplicates.Select(d => new PublishBlocker(PublishBlockers.Unsafe, d.Message)));
        var counted = reuseImpact ? previews.Recent(version.Id, active?.Id) : null;
        var reused = counted is not null;
        if (counted is null)
        {
            counted = await impact.AnalyzeAsync(next, current, cancellationToken);
            previews.Remember(version.Id, active?.Id, counted);
        }
        var data = counted with { Duplicates = keyPreparation.Duplicates };
        phases.Lap(reused ? $"impact (reused, counted at {counted.CountedAt:HH:mm:ss})" : "impact");

        var schema = SchemaPlan.Empty;
        // No schema planner registered (yet): the plan is empty, as for a package without schema changes.
        if (current is not null && schemaPlanners.FirstOrDefault() is { } schemaPlanner)
            schema = await schemaPlanner.PlanAsync(current, next, mapping, cancellationToken);
        blockers.AddRange(schema.Problems.Select(p => new PublishBlocker(
            p.Code is PublishBlockers.NeedsMapping ? PublishBlockers.NeedsMapping : PublishBlockers.Unsafe, p.Message)));
        phases.Lap("schema plan");
        logger.LogInformation("Plan of config version {Version}: {Phases}", version.Id, phases);

        // The API answers with the first blocker's code: the most basic problem first.
        var ordered = blockers.OrderBy(b => Array.IndexOf(Order, b.Code)).ToList();
        return new Work(new PublishPlan(version, active?.Id, loaded.Diagnostics, tests, changes, data, schema, ordered), next, keyPreparation);
    }

    private static readonly string[] Order = [PublishBlockers.Invalid, PublishBlockers.TestsFailed, PublishBlockers.NeedsMapping, PublishBlockers.Unsafe];

    /// <summary>The active version compiled: the running one when this instance runs it, else loaded from its files.</summary>
    private CompiledPackage? Compiled(ConfigVersion active) =>
        runtime.VersionId == active.Id ? runtime.Current
        : PackageLoader.Load(new MemoryPackageSource(active.Files, $"config version {active.Id}")).Package;
}
