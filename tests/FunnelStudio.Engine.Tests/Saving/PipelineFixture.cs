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
        var result = PackageLoader.Load(Support.Fixtures.SamplePackage("b2b-saas"));
        return result.Package ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    });

    public PipelineFixture() : this(Package.Value)
    {
    }

    /// <summary>Another package (a test's own, or the sample changed by a test) with the same steps and users.</summary>
    /// <param name="scripts">When given, the pipeline also runs the package's beforeSave scripts (after the stage gate, as the host does).</param>
    public PipelineFixture(CompiledPackage package, global::FunnelStudio.Scripting.ScriptRunner? scripts = null)
    {
        Runtime = new FixedRuntime(package);
        Store = new InMemoryRecordStore();
        Users = new InMemoryUserDirectory(
            new DirectoryUser("rep1", "Rep One", null, true, "mgr", ["rep"]),
            new DirectoryUser("rep2", "Rep Two", null, true, "mgr", ["rep"]),
            new DirectoryUser("mgr", "Manager", null, true, null, ["manager"]),
            new DirectoryUser("fin", "Finance", null, true, null, ["finance"]),
            new DirectoryUser("gone", "Former rep", null, false, "mgr", ["rep"]));
        var services = new global::FunnelStudio.Engine.Tests.Scripting.Plugins.RecordServiceProvider();
        List<ISaveStep> steps =
            [new LoadExistingStep(Store), new BindValuesStep(), new DefaultsStep(), new FieldPermissionStep(), new ReferencesStep(Store, Users),
             new DeleteRulesStep(Store), new ValidateStep(), new StageGateStep(), new UniqueStep(Store),
             new global::FunnelStudio.Notifications.NotificationRulesStep(Users), new PersistStep(Store, Runtime, Store)];
        if (scripts is not null) steps.Insert(8, new global::FunnelStudio.Scripting.Hooks.BeforeSaveScriptsStep(scripts, services));
        Service = new RecordService(Runtime, Store, steps, TimeProvider.System, traces: Traces);
        services.Records = Service;
    }

    public FixedRuntime Runtime { get; }
    public InMemoryRecordStore Store { get; }
    public InMemoryUserDirectory Users { get; }
    public Tracing.InMemorySaveTraceStore Traces { get; } = new();
    public RecordService Service { get; }

    public static readonly ActingUser Rep = new("rep1", "Rep One", ["rep"]);
    public static readonly ActingUser Rep2 = new("rep2", "Rep Two", ["rep"]);
    public static readonly ActingUser Manager = new("mgr", "Manager", ["manager"]) { TeamIds = ["rep1", "rep2"] };
    public static readonly ActingUser Finance = new("fin", "Finance", ["finance"]);

    public static JsonElement Json(object values) => JsonSerializer.SerializeToElement(values);

    public Task<SaveResult> CreateDealAsync(ActingUser user, object values) => CreateAsync("deal", user, values);

    public Task<SaveResult> CreateAsync(string obj, ActingUser user, object values) =>
        Service.SaveAsync(new SaveCommand(obj, SaveOperation.Create, user) { JsonValues = Json(values) }, CancellationToken.None);

    public Task<SaveResult> UpdateAsync(StoredRecord record, ActingUser user, object values) =>
        Service.SaveAsync(new SaveCommand(record.Object, SaveOperation.Update, user)
        {
            RecordId = record.Id, JsonValues = Json(values), ExpectedVersion = record.Version,
        }, CancellationToken.None);

    public Task<SaveResult> DeleteAsync(StoredRecord record, ActingUser user) =>
        Service.SaveAsync(new SaveCommand(record.Object, SaveOperation.Delete, user) { RecordId = record.Id }, CancellationToken.None);

    /// <summary>The sample package, changed by <paramref name="edit"/> (roles, fields) for one test.</summary>
    public static CompiledPackage Sample(Action<Support.PackageBuilder> edit)
    {
        var builder = Support.PackageBuilder.FromFolder(Support.Fixtures.SamplePackage("b2b-saas"));
        edit(builder);
        return builder.Compile();
    }

    internal sealed class FixedRuntime(CompiledPackage package) : IPackageRuntime
    {
        public CompiledPackage Current { get; } = package;
        public long VersionId => 1;
        public Task<bool> LoadPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public void Activate(CompiledPackage package, long versionId) => throw new NotSupportedException();
        public IDisposable Pin() => throw new NotSupportedException();
    }
}
