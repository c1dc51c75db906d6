using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Engine.Tests.Scripting.Plugins;

/// <summary>
/// The sample package with the repository's plugins copied in beside it, the plugin entries set by a
/// test, and a record service whose pipeline runs the beforeSave scripts over the in-memory store.
/// </summary>
internal static class PluginPackage
{
    public static readonly string[] Plugins = ["lead-scoring", "dedupe-guard", "discount-guard", "webhook-notify"];

    /// <summary>The sample package with every plugin's files, enabling what <paramref name="entries"/> says.</summary>
    public static PackageBuilder Builder(string entries)
    {
        var builder = PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"));
        foreach (var id in Plugins)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.RepositoryRoot, PluginFiles.Folder, id)))
                builder.With($"{PluginFiles.Folder}/{id}/{Path.GetFileName(file)}", File.ReadAllText(file));
        return builder.EditPackage(p => p["plugins"] = JsonNode.Parse(entries));
    }

    // A generous time limit: the first runs JIT-compile the engine while other tests share the cores.
    public static readonly ScriptingOptions Options = new() { TimeoutMs = 10_000 };

    public static PipelineFixture Fixture(CompiledPackage package) => new(package, scripts: new ScriptRunner(Options));
}

/// <summary>Hands the record service to the beforeSave step the way the host's container does.</summary>
internal sealed class RecordServiceProvider : IServiceProvider
{
    public IRecordService? Records { get; set; }

    public object? GetService(Type serviceType) => serviceType == typeof(IRecordService) ? Records : null;
}

/// <summary>ctx for an after-commit hook run by a test: records the webhooks it queues.</summary>
internal sealed class WebhookCapture : IScriptHostApi
{
    public List<(string Url, string Body, string? Secret)> Webhooks { get; } = [];
    public List<string> Errors { get; } = [];

    public void AddError(string? field, string message) => Errors.Add(message);
    public void Set(string field, string json) => throw new ScriptHostException("ctx.set is not available after the commit.");
    public void Log(string text) { }
    public string Query(string obj, string filterJson, int limit) => "[]";
    public void Webhook(string url, string bodyJson, string? secret) => Webhooks.Add((url, bodyJson, secret));
}
