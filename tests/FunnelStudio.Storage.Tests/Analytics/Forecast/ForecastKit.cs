using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Storage.Tests.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Storage.Tests.Analytics.Forecast;

/// <summary>The forecast wired on a test database: the b2b-saas package, a clock the test sets, go-live on a day it chooses.</summary>
public sealed class ForecastKit
{
    public static readonly Lazy<CompiledPackage> Package = new(() =>
        PackageLoader.Load(TestSupport.RepositoryPaths.SamplePackage("b2b-saas")).Package ?? throw new InvalidOperationException("b2b-saas does not load."));

    /// <summary>The package's objects with a pipeline and a close date field (the sample has one).</summary>
    public static FunnelStudio.Metadata.ObjectDefinition Forecasted =>
        Package.Value.Objects.Values.Select(o => o.Definition).First(o => o.CloseDate is not null && o.Amount is not null && o.Owner is not null);

    public ForecastKit(StorageDatabase database, string timeZone, DateTime goLiveUtc, CompiledPackage? package = null, int backfillDays = 400)
    {
        Runtime = new FixedRuntime(package ?? Package.Value);
        Store = database.Services.GetRequiredService<IForecastStore>();
        Analytics = Options.Create(new AnalyticsOptions { TimeZone = timeZone });
        Versions = new GoLive(goLiveUtc);
        BackfillDays = backfillDays;
        Service = new ForecastService(Runtime, Store, Analytics);
    }

    public FixedRuntime Runtime { get; }
    public IForecastStore Store { get; }
    public IOptions<AnalyticsOptions> Analytics { get; }
    public GoLive Versions { get; }
    public int BackfillDays { get; }
    public ManualClock Clock { get; } = new();
    public ForecastService Service { get; }
    public AnalyticsCalendar Calendar => new(Analytics.Value.Zone);

    /// <summary>A new job instance (as after a restart), on the kit's clock.</summary>
    public ForecastSnapshotter Job() =>
        new(Runtime, Versions, Store, Analytics, Options.Create(new ForecastSnapshotOptions { BackfillDays = BackfillDays }), Clock);

    /// <summary>Sets the clock to <paramref name="utc"/>.</summary>
    public void At(DateTime utc) => Clock.Advance(DateTime.SpecifyKind(utc, DateTimeKind.Utc) - Clock.UtcNow);

    public static ActingUser Admin => new("admin", "Admin", ["admin"]);

    public sealed class FixedRuntime(CompiledPackage package) : IPackageRuntime
    {
        public CompiledPackage Current => package;
        public long VersionId => 1;
        public Task<bool> LoadPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken) => throw new NotSupportedException();
        public IDisposable Pin() => throw new NotSupportedException();
        public void Activate(CompiledPackage package, long versionId) => throw new NotSupportedException();
    }

    /// <summary>A version history of one version, published at go-live.</summary>
    public sealed class GoLive(DateTime publishedAt) : IConfigVersionStore
    {
        public Task<IReadOnlyList<ConfigVersionInfo>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ConfigVersionInfo>>([new ConfigVersionInfo
            {
                Id = 1, PackageName = "p", PackageVersion = "1", Status = ConfigVersionStatus.Published, CreatedAt = publishedAt, PublishedAt = publishedAt,
            }]);
        public Task<ConfigVersion?> PublishedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<long?> PublishedIdAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(1);
        public Task<ConfigVersion?> FindAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ConfigVersion> AddDraftAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
            string? createdBy, long? sourceVersionId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ConfigVersion> PublishAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
            string? publishedBy, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
