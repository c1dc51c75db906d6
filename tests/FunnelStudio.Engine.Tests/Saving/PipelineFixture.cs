using System.Text.Json;
using FunnelStudio.Access;
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

    /// <summary>The pipeline over b2b-saas, or over <paramref name="package"/> (a variant of it).</summary>
    public PipelineFixture(CompiledPackage? package = null)
    {
        Runtime = new FixedRuntime(package ?? Package.Value);
        Store = new InMemoryRecordStore();
        Users = new InMemoryUserDirectory(
            new DirectoryUser("rep1", "Rep One", null, true, "mgr", ["rep"]),
            new DirectoryUser("rep2", "Rep Two", null, true, "mgr", ["rep"]),
            new DirectoryUser("mgr", "Manager", null, true, null, ["manager"]),
            new DirectoryUser("fin", "Finance", null, true, null, ["finance"]),
            new DirectoryUser("gone", "Former rep", null, false, "mgr", ["rep"]));
        Service = new RecordService(Runtime, Store,
            [new LoadExistingStep(Store), new BindValuesStep(), new DefaultsStep(), new FieldPermissionStep(), new ReferencesStep(Store, Users),
             new ValidateStep(), new StageGateStep(), new PersistStep(Store, Runtime)],
            TimeProvider.System);
    }

    public FixedRuntime Runtime { get; }
    public InMemoryRecordStore Store { get; }
    public InMemoryUserDirectory Users { get; }
    public RecordService Service { get; }

    public static readonly ActingUser Rep = new("rep1", "Rep One", ["rep"]);
    public static readonly ActingUser Rep2 = new("rep2", "Rep Two", ["rep"]);
    public static readonly ActingUser Manager = new("mgr", "Manager", ["manager"]) { TeamIds = ["rep1", "rep2"] };
    public static readonly ActingUser Finance = new("fin", "Finance", ["finance"]);

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
