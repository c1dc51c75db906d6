using System.Text.Json;
using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>The b2b-saas package with the real pipeline steps over an in-memory store.</summary>
internal sealed class PipelineFixture
{
    private static readonly Lazy<CompiledPackage> Package = new(() =>
    {
        var result = PackageLoader.Load(Path.Combine(RepoRoot(), "sample-configs", "b2b-saas"));
        return result.Package ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    });

    public PipelineFixture()
    {
        Runtime = new FixedRuntime(Package.Value);
        Store = new InMemoryRecordStore();
        Service = new RecordService(Runtime, Store,
            [new LoadExistingStep(Store), new BindValuesStep(), new DefaultsStep(), new ValidateStep(), new StageGateStep(), new PersistStep(Store, Runtime)],
            TimeProvider.System);
    }

    public FixedRuntime Runtime { get; }
    public InMemoryRecordStore Store { get; }
    public RecordService Service { get; }

    public static readonly ActingUser Rep = new("rep1", "Rep One", ["rep"]);
    public static readonly ActingUser Rep2 = new("rep2", "Rep Two", ["rep"]);
    public static readonly ActingUser Manager = new("mgr", "Manager", ["manager"]) { TeamIds = ["rep1", "rep2"] };

    public static JsonElement Json(object values) => JsonSerializer.SerializeToElement(values);

    public Task<SaveResult> CreateDealAsync(ActingUser user, object values) =>
        Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, user) { JsonValues = Json(values) }, CancellationToken.None);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FunnelStudio.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FunnelStudio.sln not found above the test binaries.");
    }

    internal sealed class FixedRuntime(CompiledPackage package) : IPackageRuntime
    {
        public CompiledPackage Current { get; } = package;
        public long VersionId => 1;
        public Task<bool> LoadPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
