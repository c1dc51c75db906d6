using FunnelStudio.Audit;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Uniqueness;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Versions;

/// <summary>
/// <see cref="IConfigPublisher"/>. Publishing is: plan (refused with its blockers) → the indexes of
/// the new package (additive; PostgreSQL builds them concurrently, outside any transaction) → ONE
/// transaction that retires the active version, publishes the draft, runs the schema migration and
/// writes the audit line → the running package swapped → amounts refreshed and unique keys
/// backfilled for the new package. Anything failing before the commit leaves the previous version
/// active and the draft a draft.
/// </summary>
public sealed class ConfigPublisher(
    IConfigVersionStore store,
    IConfigVersionSwitch versionSwitch,
    IPackageRuntime runtime,
    PublishPlanner planner,
    IPackageDiffer differ,
    IFieldIndexer indexer,
    IRecordStore records,
    IRecordKeyStore keyStore,
    IAuditLog audit,
    IEnumerable<ISchemaMigration> migrations,
    TimeProvider clock,
    ILogger<ConfigPublisher> logger) : IConfigPublisher
{
    public async Task<DraftResult> CreateDraftAsync(IReadOnlyDictionary<string, string> files, string? userId, CancellationToken cancellationToken) =>
        await CreateDraftAsync(files, userId, null, cancellationToken);

    public async Task<PublishPlan?> PlanAsync(long versionId, PublishMapping mapping, CancellationToken cancellationToken) =>
        await store.FindAsync(versionId, cancellationToken) is { } version ? (await planner.PlanAsync(version, mapping, reuseImpact: false, cancellationToken)).Plan : null;

    public Task<PublishResult> PublishAsync(long versionId, PublishMapping mapping, string? userId, CancellationToken cancellationToken) =>
        PublishAsync(versionId, mapping, userId, AuditActions.ConfigPublished, cancellationToken);

    public async Task<PublishResult> RollbackAsync(long versionId, PublishMapping mapping, string? userId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(versionId, cancellationToken) is not { } earlier)
            return new PublishResult(PublishStatus.NotFound, null, null, $"There is no config version {versionId}.");
        var draft = await CreateDraftAsync(earlier.Files, userId, earlier.Id, cancellationToken);
        if (draft.Version is null)
            return new PublishResult(PublishStatus.Refused, null, null,
                $"Config version {versionId} no longer loads: {string.Join("; ", draft.Diagnostics.Where(d => d.IsError))}");
        var result = await PublishAsync(draft.Version.Id, mapping, userId, AuditActions.ConfigRolledBack, cancellationToken);
        return result.Status == PublishStatus.Refused ? result with { Version = draft.Version } : result;
    }

    public async Task<IReadOnlyList<ConfigChange>?> DiffAsync(long versionId, long? againstId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(versionId, cancellationToken) is not { } version) return null;
        var against = againstId is { } id ? await store.FindAsync(id, cancellationToken) : await store.PublishedAsync(cancellationToken);
        if (againstId is not null && against is null) return null;
        var before = against is null ? new PackageDefinition(version.PackageName, "", LocalizedText.Empty) : Definition(against);
        return differ.Compare(before, Definition(version));
    }

    private async Task<DraftResult> CreateDraftAsync(IReadOnlyDictionary<string, string> files, string? userId, long? sourceVersionId,
        CancellationToken cancellationToken)
    {
        // Only what the loader reads is kept, so an export gives back exactly what is stored and compared.
        var source = new MemoryPackageSource(files, "the uploaded package");
        var loaded = PackageLoader.Load(source);
        if (!loaded.Succeeded) return new DraftResult(null, loaded.Diagnostics);
        var definition = loaded.Package!.Definition;
        var version = await store.AddDraftAsync(definition.Name, definition.Version, PackageFiles.ReadAll(source), userId, sourceVersionId, cancellationToken);
        return new DraftResult(version, loaded.Diagnostics);
    }

    private async Task<PublishResult> PublishAsync(long versionId, PublishMapping mapping, string? userId, string action, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(versionId, cancellationToken) is not { } version)
            return new PublishResult(PublishStatus.NotFound, null, null, $"There is no config version {versionId}.");
        if (version.Status != ConfigVersionStatus.Draft)
            return new PublishResult(PublishStatus.Conflict, null, version,
                $"Config version {versionId} is {version.Status.ToString().ToLowerInvariant()}; only a draft can be published (roll back to it instead).");
        var phases = new PhaseTimer();
        var work = await planner.PlanAsync(version, mapping, reuseImpact: true, cancellationToken);
        phases.Lap("plan");
        var plan = work.Plan;
        if (!plan.CanPublish)
            return new PublishResult(PublishStatus.Refused, plan, version, string.Join(" ", plan.Blockers.Select(b => b.Message)));
        var package = work.Package!;
        await indexer.EnsureIndexesAsync(package, cancellationToken);
        phases.Lap("indexes");
        ConfigVersionInfo published;
        try
        {
            published = await versionSwitch.SwitchAsync(versionId, plan.ActiveVersionId, userId, PublishSummary.Write(plan), async ct =>
            {
                // The schema engineer's data migration (ISchemaMigration): inside the switch transaction, when registered.
                foreach (var migration in migrations) await migration.ApplyAsync(plan.Schema, versionId, userId, ct);
                await audit.WriteAsync(AuditEntry.Of(clock.GetUtcNow().UtcDateTime, userId ?? AuditActions.SystemActor, action,
                    AuditActions.ConfigTarget, versionId.ToString(System.Globalization.CultureInfo.InvariantCulture), PublishSummary.AuditDetails(plan, version)), ct);
            }, cancellationToken);
        }
        catch (ConfigVersionConflictException e)
        {
            return new PublishResult(PublishStatus.Conflict, plan, version, e.Message);
        }
        phases.Lap("switch");
        runtime.Activate(package, versionId);
        phases.Lap("activate");
        await FollowUpAsync(package, work.Keys!, phases, cancellationToken);
        logger.LogInformation("Published config version {Version} ({Package} {PackageVersion}), replacing {Previous}: {Phases}",
            versionId, version.PackageName, version.PackageVersion, plan.ActiveVersionId, phases);
        return new PublishResult(PublishStatus.Published, plan, published, $"Config version {versionId} is active.");
    }

    /// <summary>
    /// After the switch: the board's stored amounts follow a changed amount field, and existing
    /// records get the keys of fields made unique (keys of fields no longer unique are dropped).
    /// Records created under the previous version during the publish get theirs too; duplicates
    /// among those cannot be refused any more (the version is live) and are logged for an admin.
    /// </summary>
    private async Task FollowUpAsync(CompiledPackage package, UniqueKeyBackfill.Preparation keys, PhaseTimer phases, CancellationToken cancellationToken)
    {
        foreach (var obj in package.Objects.Values)
            await records.RefreshAmountsAsync(obj.Name, obj.Definition.Amount?.Name, cancellationToken);
        phases.Lap("amounts");
        var backfill = new UniqueKeyBackfill(keyStore);
        await backfill.ApplyAsync(package, keys, cancellationToken);
        var late = await backfill.PrepareAsync(package, cancellationToken);
        await backfill.ApplyAsync(package, late with { Duplicates = [] }, cancellationToken);
        phases.Lap("unique backfill");
        foreach (var duplicate in late.Duplicates)
            logger.LogWarning("Created during the publish, not unique: {Problem}", duplicate.Message);
    }

    private static PackageDefinition Definition(ConfigVersion version) =>
        PackageLoader.Load(new MemoryPackageSource(version.Files, $"config version {version.Id}")).Definition
        ?? new PackageDefinition(version.PackageName, version.PackageVersion, LocalizedText.Empty);
}
