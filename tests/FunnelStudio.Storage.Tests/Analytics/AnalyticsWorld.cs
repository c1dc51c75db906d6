using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Analytics.Rollups;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Identity;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// One database (SQLite or PostgreSQL) with the analytics test package published twice (go-live and
/// a later version, their publish times set to known instants), the users of
/// <see cref="HistoryGenerator.Users"/>, and the generated histories written straight into
/// <c>records</c> and <c>stage_history</c> — the only tables the analytics read. The engine and
/// storage are wired as the hosts wire them, on a clock stopped at <see cref="HistoryGenerator.Now"/>.
/// </summary>
public class AnalyticsWorld<TDatabase> : IAsyncLifetime where TDatabase : StorageDatabase, new()
{
    public const string Package = "tests/FunnelStudio.Storage.Tests/TestData/analytics";
    /// <summary>The stalled threshold of stages that set none (the package leaves it out for <c>propose</c>).</summary>
    public const int DefaultStalledDays = 45;

    public static readonly DateTime GoLive = new(2025, 9, 1, 3, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime SecondVersionAt = new(2026, 4, 15, 6, 30, 0, DateTimeKind.Utc);

    private ServiceProvider? _services;
    private AsyncServiceScope? _scope;

    public TDatabase Database { get; } = new();

    /// <summary>The zone of the per-day rollups the figures are answered from, or null: no rollups, only the history.</summary>
    protected virtual string? RollupZone => null;

    public IReadOnlyList<KnownRecord> Records { get; private set; } = [];

    public long FirstVersion { get; private set; }
    public long SecondVersion { get; private set; }

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not ready.");

    /// <summary>The service as one request sees it (it is scoped): the tests of a class run one after another.</summary>
    public IAnalyticsService Analytics => (_scope ??= Services.CreateAsyncScope()).ServiceProvider.GetRequiredService<IAnalyticsService>();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new StoppedClock(HistoryGenerator.Now));
        services.AddSingleton(new AnalyticsOptions { StalledAfterDays = DefaultStalledDays });
        services.Configure<AnalyticsOptions>(o => o.StalledAfterDays = DefaultStalledDays);
        services.AddFunnelStudioStorage(Database.Configuration).AddFunnelStudioEngine();
        services.AddSingleton(new DayRollupOptions { Enabled = RollupZone is not null });
        if (RollupZone is { } zone) services.Configure<AnalyticsOptions>(o => o.TimeZone = zone);
        _services = services.BuildServiceProvider();
        var runtime = _services.GetRequiredService<IPackageRuntime>();
        var files = PackageFiles.ReadAll(PackageSources.Folder(Path.Combine(RepositoryPaths.Root, Package)));
        Check(await runtime.PublishAsync(new MemoryPackageSource(files, "analytics"), "u-admin", CancellationToken.None));
        FirstVersion = runtime.VersionId;
        var second = new Dictionary<string, string>(files) { ["package.json"] = files["package.json"].Replace("\"1.0.0\"", "\"1.1.0\"") };
        Check(await runtime.PublishAsync(new MemoryPackageSource(second, "analytics 1.1"), "u-admin", CancellationToken.None));
        SecondVersion = runtime.VersionId;
        Records = new HistoryGenerator().Generate();
        await SeedAsync(runtime.Current.Definition.Objects.Single(o => o.Name == HistoryGenerator.Object));
        if (RollupZone is not null)
            await DayRollupJob.RunOnceAsync(_services.GetRequiredService<DayRollupMaintainer>(), runtime, CancellationToken.None);
    }

    private static void Check(LoadResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics.Select(d => d.ToString())));

    private async Task SeedAsync(ObjectDefinition obj)
    {
        await using var db = Database.CreateContext();
        foreach (var u in HistoryGenerator.Users)
            db.Users.Add(new AppUser
            {
                Id = u.Id, UserName = u.Id + "@example.com", NormalizedUserName = (u.Id + "@example.com").ToUpperInvariant(),
                Email = u.Id + "@example.com", NormalizedEmail = (u.Id + "@example.com").ToUpperInvariant(), DisplayName = u.Name,
                ManagerId = u.ManagerId, CreatedAt = GoLive, SecurityStamp = u.Id, EmailConfirmed = true,
            });
        foreach (var r in Records)
        {
            var values = new Dictionary<string, object?>
            {
                ["title"] = r.Title, ["value"] = r.Amount, ["seller"] = r.OwnerId, ["channel"] = r.Channel, ["segment"] = r.Segment,
            };
            var last = r.Moves.Max(m => m.At);
            db.Records.Add(new RecordRow
            {
                Id = r.Id, Object = r.Object, Stage = r.Stage, OwnerId = r.OwnerId, Title = r.Title,
                Values = RecordJson.Serialize(new RecordValues(values), obj), CreatedAt = r.CreatedAt, UpdatedAt = last,
                CreatedBy = r.CreatedBy, UpdatedBy = r.OwnerId, StageEnteredAt = r.StageEnteredAt, Amount = r.Amount,
                Version = r.Moves.Count, Deleted = r.Deleted, ConfigVersion = SecondVersion,
            });
            foreach (var m in r.Moves)
                db.StageHistory.Add(new StageHistoryRow
                {
                    Id = m.Id, RecordId = r.Id, Object = r.Object, FromStage = m.From, ToStage = m.To, At = m.At, By = r.OwnerId,
                    SecondsInPreviousStage = m.SecondsInPrevious, Amount = m.Amount,
                });
        }
        await db.SaveChangesAsync();
        // The versions went live at known instants: the baseline and the markers of the trends.
        var first = await db.ConfigVersions.SingleAsync(v => v.Id == FirstVersion);
        first.PublishedAt = GoLive;
        var second = await db.ConfigVersions.SingleAsync(v => v.Id == SecondVersion);
        second.PublishedAt = SecondVersionAt;
        await db.SaveChangesAsync();
        Services.GetRequiredService<IUserDirectory>().Invalidate();
    }

    /// <summary>The user as a host resolves them: roles and everyone reporting to them.</summary>
    public static ActingUser User(string id)
    {
        var user = HistoryGenerator.Users.Single(u => u.Id == id);
        var directory = HistoryGenerator.Users.Select(u => new DirectoryUser(u.Id, u.Name, null, true, u.ManagerId, u.Roles));
        return new ActingUser(user.Id, user.Name, user.Roles) { TeamIds = Teams.ReportsOf(user.Id, directory) };
    }

    public async Task DisposeAsync()
    {
        if (_scope is { } scope) await scope.DisposeAsync();
        if (_services is not null) await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class StoppedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}

/// <summary>
/// The same world with per-day rollups in Shanghai, built by the job after the seed: periods of whole Shanghai days
/// are answered from them; cut days, other zones' buckets and what the rollups do not hold are read from the history.
/// </summary>
public sealed class RolledUpAnalyticsWorld<TDatabase> : AnalyticsWorld<TDatabase> where TDatabase : StorageDatabase, new()
{
    protected override string? RollupZone => "Asia/Shanghai";
}
