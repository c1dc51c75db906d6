using FunnelStudio.Audit;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.TestSupport;
using FunnelStudio.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunnelStudio.Storage.Tests.Config;

public sealed class SqlitePublisherTests(SqliteDatabase database) : PublisherTests<SqliteDatabase>(database);

public sealed class PostgresPublisherTests(PostgresDatabase database) : PublisherTests<PostgresDatabase>(database);

/// <summary>
/// The publisher's switch is one transaction: the schema migration runs inside it with the plan and
/// the version, and a failure there leaves the previous version active — in the database, in the
/// running engine and in the audit log.
/// </summary>
public abstract class PublisherTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Publish_ThatFailsInsideTheSwitch_LeavesThePreviousVersionActive_AndAuditsNothing()
    {
        var migration = new RecordingMigration();
        await using var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(database.Configuration).AddFunnelStudioEngine()
            .Replace(ServiceDescriptor.Singleton<ISchemaMigration>(migration)).BuildServiceProvider();
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(files, "sample"), "admin", CancellationToken.None)).Succeeded);
        var first = runtime.VersionId;
        Assert.Equal([first], migration.Versions);
        var renamed = new Dictionary<string, string>(files) { ["package.json"] = files["package.json"].Replace("\"version\": \"", "\"version\": \"9") };
        Assert.NotEqual(files["package.json"], renamed["package.json"]);

        await using var scope = services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IConfigPublisher>();
        var draft = (await publisher.CreateDraftAsync(renamed, "admin", CancellationToken.None)).Version!;
        migration.FailWith = "the data migration broke half-way";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(draft.Id, PublishMapping.None, "admin", CancellationToken.None));

        Assert.Equal("the data migration broke half-way", failure.Message);
        Assert.Equal([first, draft.Id], migration.Versions);
        var store = services.GetRequiredService<IConfigVersionStore>();
        Assert.Equal(first, await store.PublishedIdAsync(CancellationToken.None));
        Assert.Equal(ConfigVersionStatus.Draft, (await store.FindAsync(draft.Id, CancellationToken.None))!.Status);
        Assert.Equal(first, runtime.VersionId);
        Assert.Equal("1.0.0", runtime.Current.Definition.Version);
        Assert.DoesNotContain(await AuditAsync(services), a => a.TargetId == draft.Id.ToString());

        // The same draft goes through once the migration does.
        migration.FailWith = null;
        var published = await publisher.PublishAsync(draft.Id, PublishMapping.None, "admin", CancellationToken.None);
        Assert.Equal(PublishStatus.Published, published.Status);
        Assert.Equal(draft.Id, runtime.VersionId);
        Assert.StartsWith("9", runtime.Current.Definition.Version);
        Assert.Single(await AuditAsync(services), a => a.TargetId == draft.Id.ToString() && a.Action == AuditActions.ConfigPublished);
    }

    [Fact]
    public async Task Publish_WhoseSchemaPlanNeedsAMapping_IsRefusedWithThatCode_AndGoesThroughWithTheMapping()
    {
        var migration = new RecordingMigration();
        var planner = new MappingPlanner();
        await using var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(database.Configuration).AddFunnelStudioEngine()
            .Replace(ServiceDescriptor.Singleton<ISchemaMigration>(migration)).Replace(ServiceDescriptor.Singleton<ISchemaPlanner>(planner)).BuildServiceProvider();
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(files, "sample"), "admin", CancellationToken.None)).Succeeded);
        var first = runtime.VersionId;
        await using var scope = services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IConfigPublisher>();
        var draft = (await publisher.CreateDraftAsync(files, "admin", CancellationToken.None)).Version!;
        planner.StageInUse = true;

        var refused = await publisher.PublishAsync(draft.Id, PublishMapping.None, "admin", CancellationToken.None);

        Assert.Equal(PublishStatus.Refused, refused.Status);
        Assert.Equal(PublishBlockers.NeedsMapping, Assert.Single(refused.Plan!.Blockers).Code);
        Assert.Equal(first, runtime.VersionId);

        var mapping = new PublishMapping(new Dictionary<string, string> { ["gone"] = "kept" }, new Dictionary<string, IReadOnlyDictionary<string, string>>());
        var published = await publisher.PublishAsync(draft.Id, mapping, "admin", CancellationToken.None);

        Assert.Equal(PublishStatus.Published, published.Status);
        Assert.Equal(draft.Id, runtime.VersionId);
        Assert.Same(mapping, planner.Mappings[^1]);
        Assert.Equal("mapStage", Assert.Single(migration.Plans[^1].Steps).Kind);
    }

    [Fact]
    public async Task Publish_RightAfterItsImpactWasCounted_ReportsThatImpact_AndCountsAgainOnlyWhenItIsOld()
    {
        var clock = new Outbox.ManualClock();
        var scan = new CountingScan();
        await using var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(database.Configuration).AddFunnelStudioEngine()
            .Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)).Replace(ServiceDescriptor.Singleton<IRecordScan>(scan)).BuildServiceProvider();
        scan.Inner = new Storage.Config.EfRecordScan(services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FunnelStudioDbContext>>());
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(files, "sample"), "admin", CancellationToken.None)).Succeeded);
        await using var scope = services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IConfigPublisher>();
        string Version(string v) => files["package.json"].Replace("\"version\": \"", $"\"version\": \"{v}");
        var reviewed = (await publisher.CreateDraftAsync(new Dictionary<string, string>(files) { ["package.json"] = Version("7") }, "admin", CancellationToken.None)).Version!;

        var preview = (await publisher.PlanAsync(reviewed.Id, PublishMapping.None, CancellationToken.None))!;
        var scansForThePreview = scan.Calls;
        clock.Advance(TimeSpan.FromMinutes(2));
        var published = await publisher.PublishAsync(reviewed.Id, PublishMapping.None, "admin", CancellationToken.None);

        Assert.True(scansForThePreview > 0);
        Assert.Equal(PublishStatus.Published, published.Status);
        Assert.Equal(scansForThePreview, scan.Calls); // the publish read no record for the impact
        Assert.Equal(preview.Impact.CountedAt, published.Plan!.Impact.CountedAt);
        Assert.Equal(clock.UtcNow.AddMinutes(-2), published.Plan.Impact.CountedAt);

        // Another draft looked at, then published once the impact is older than the reuse window: counted again.
        var late = (await publisher.CreateDraftAsync(new Dictionary<string, string>(files) { ["package.json"] = Version("8") }, "admin", CancellationToken.None)).Version!;
        await publisher.PlanAsync(late.Id, PublishMapping.None, CancellationToken.None);
        var before = scan.Calls;
        clock.Advance(ImpactPreviews.ReuseFor + TimeSpan.FromSeconds(1));
        var recounted = await publisher.PublishAsync(late.Id, PublishMapping.None, "admin", CancellationToken.None);

        Assert.Equal(PublishStatus.Published, recounted.Status);
        Assert.True(scan.Calls > before);
        Assert.Equal(clock.UtcNow, recounted.Plan!.Impact.CountedAt);
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { TargetType = AuditActions.ConfigTarget },
            CancellationToken.None)).Items;
    }

    /// <summary>The storage's record scan, counting the pages asked for.</summary>
    private sealed class CountingScan : IRecordScan
    {
        public IRecordScan Inner { get; set; } = null!;
        public int Calls;

        public Task<IReadOnlyList<ScannedRecord>> LiveRecordsAsync(string obj, Guid? after, int limit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Inner.LiveRecordsAsync(obj, after, limit, cancellationToken);
        }
    }

    /// <summary>A schema migration that records the versions it ran for, and fails when told to.</summary>
    private sealed class RecordingMigration : ISchemaMigration
    {
        public List<long> Versions { get; } = [];
        public List<SchemaPlan> Plans { get; } = [];
        public string? FailWith { get; set; }

        public Task ApplyAsync(SchemaPlan plan, long versionId, string? userId, CancellationToken ct)
        {
            Versions.Add(versionId);
            Plans.Add(plan);
            return FailWith is { } message ? throw new InvalidOperationException(message) : Task.CompletedTask;
        }
    }

    /// <summary>A schema planner for which a stage "gone" is in use: it needs a mapping, and with one it is a step.</summary>
    private sealed class MappingPlanner : ISchemaPlanner
    {
        public List<PublishMapping> Mappings { get; } = [];
        public bool StageInUse { get; set; }

        public Task<SchemaPlan> PlanAsync(Rules.CompiledPackage active, Rules.CompiledPackage next, PublishMapping mapping, CancellationToken cancellationToken)
        {
            Mappings.Add(mapping);
            return Task.FromResult(!StageInUse ? SchemaPlan.Empty : mapping.Stages.TryGetValue("gone", out var to)
                ? new SchemaPlan([new SchemaStep("mapStage", "deal", null, "gone", to, 3)], [])
                : new SchemaPlan([], [new SchemaProblem(PublishBlockers.NeedsMapping, "deal", null, "Stage 'gone' holds 3 records: map it.", [])]));
        }
    }
}
