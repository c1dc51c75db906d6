using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Engine.Tests.Scripting;

/// <summary>The minimal package with one beforeSave hook on deal, and a save pipeline that runs it.</summary>
internal static class ScriptPackages
{
    public static readonly ActingUser Rep = new("rep1", "Rep One", ["rep"]);

    public static PackageBuilder WithHook(string script, string function = "check", string evt = "beforeSave", string file = "scripts/guard.js") =>
        PackageBuilder.Minimal()
            .With(file, script)
            .EditPackage(p => p["hooks"] = new JsonArray(new JsonObject
            {
                ["event"] = evt, ["object"] = "deal", ["script"] = file, ["function"] = function,
            }));

    /// <summary>A save service over an in-memory store whose pipeline includes the beforeSave hooks.</summary>
    public static (RecordService Service, InMemoryRecordStore Store) Pipeline(CompiledPackage package, ScriptingOptions? options = null,
        FunnelStudio.Tracing.ISaveTraceStore? traces = null)
    {
        var runtime = new PipelineFixture.FixedRuntime(package);
        var store = new InMemoryRecordStore();
        var users = new InMemoryUserDirectory(new DirectoryUser("rep1", "Rep One", null, true, null, ["rep"]));
        RecordService? service = null;
        var services = new ServiceLookup(() => service!);
        service = new RecordService(runtime, store,
            [new LoadExistingStep(store), new BindValuesStep(), new DefaultsStep(), new FieldPermissionStep(), new ReferencesStep(store, users),
             new DeleteRulesStep(store), new ValidateStep(), new StageGateStep(),
             new BeforeSaveScriptsStep(new ScriptRunner(options ?? new ScriptingOptions { TimeoutMs = 300 }), services),
             new UniqueStep(store), new PersistStep(store, runtime, store)],
            TimeProvider.System, traces: traces);
        return (service, store);
    }

    public static Task<SaveResult> CreateDealAsync(RecordService service, object values) =>
        service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, Rep) { JsonValues = PipelineFixture.Json(values) }, CancellationToken.None);

    private sealed class ServiceLookup(Func<IRecordService> records) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IRecordService) ? records() : null;
    }
}
