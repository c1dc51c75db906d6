using System.Collections.Concurrent;
using FunnelStudio.Metadata;

namespace FunnelStudio.Scripting;

/// <summary>
/// A package version's scripts: its modules parsed once, its hooks by object and event in run
/// order, its actions, and the engine pools that run them — one pool per set of limits, never shared
/// with another version or package, so what one package's script does to its globals or built-ins
/// cannot reach another's.
/// </summary>
public sealed class CompiledScripts
{
    private readonly ConcurrentDictionary<ScriptLimits, ScriptEnginePool> _pools = new();
    private readonly Dictionary<(string Object, string Event), ScriptHookDefinition[]> _hooks;

    public static CompiledScripts Empty { get; } = new(new PackageDefinition("", "0.0.0", LocalizedText.Empty), new Dictionary<string, ScriptModule>());

    public CompiledScripts(PackageDefinition package, IReadOnlyDictionary<string, ScriptModule> modules)
    {
        Package = package;
        Modules = modules;
        _hooks = package.Hooks.GroupBy(h => (h.Object, h.Event)).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public PackageDefinition Package { get; }
    public IReadOnlyDictionary<string, ScriptModule> Modules { get; }

    /// <summary>The hooks of an object's event, in run order; empty when there are none.</summary>
    public IReadOnlyList<ScriptHookDefinition> Hooks(string obj, string evt) =>
        _hooks.TryGetValue((obj, evt), out var hooks) ? hooks : [];

    public bool HasHooks(string obj, string evt) => _hooks.ContainsKey((obj, evt));

    public IEnumerable<ScriptActionDefinition> Actions(string obj) => Package.Actions.Where(a => a.Object == obj);

    public ScriptActionDefinition? Action(string obj, string name) => Package.Actions.FirstOrDefault(a => a.Object == obj && a.Name == name);

    public PluginDefinition? Plugin(string? id) => id is null ? null : Package.Plugins.FirstOrDefault(p => p.Id == id);

    /// <summary>The settings a hook's function sees as <c>ctx.settings</c>: its plugin's, or <c>{}</c>.</summary>
    public string SettingsJson(string? plugin) => Plugin(plugin)?.SettingsJson ?? "{}";

    /// <summary>Engines built for this version so far, all pools together (a count that keeps growing under steady load means the pools are too small).</summary>
    public long EnginesBuilt => _pools.Values.Sum(p => p.Built);

    internal ScriptEnginePool Pool(ScriptLimits limits, int poolSize) =>
        _pools.TryGetValue(limits, out var pool) ? pool
            : _pools.GetOrAdd(limits, static (l, arg) => new ScriptEnginePool(arg.Modules.Values.ToArray(), l, arg.Size), (Modules, Size: poolSize));
}
