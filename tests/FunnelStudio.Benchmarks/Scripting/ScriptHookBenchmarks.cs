using BenchmarkDotNet.Attributes;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Hooks;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime.Interop;

namespace FunnelStudio.Benchmarks.Scripting;

/// <summary>
/// One call of a 20-line beforeSave hook, three ways: FunnelStudio's runner (pooled engine per
/// package version, globals restored from a snapshot, ctx built from JSON with Jint's parser and
/// frozen, the set value read back and bound), the same ctx on a reused bare engine, and a new
/// sandboxed engine with the prepared module per call — the baseline the target is a ratio of.
/// </summary>
[MemoryDiagnoser]
// In process: a generated project takes minutes to build on this shared machine and timed out.
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
[MedianColumn]
public class ScriptHookBenchmarks
{
    private CompiledPackage _package = null!;
    private ObjectDefinition _deal = null!;
    private ScriptRunner _runner = null!;
    private RecordValues _values = null!;
    private string _userJson = null!;
    private Prepared<Acornima.Ast.Module> _module;
    private readonly ActingUser _user = new("u1", "Bench", ["admin"]);

    [GlobalSetup]
    public void Setup()
    {
        _package = HookPackage.Load(withHook: true);
        _deal = _package.Object("deal")!.Definition;
        _runner = new ScriptRunner(new ScriptingOptions());
        _values = RecordValues.Empty.With(new Dictionary<string, object?>
        {
            ["name"] = "Cloud migration", ["amount"] = 120000m, ["discount"] = 10m, ["seats"] = 50m, ["source"] = "referral",
            ["budget_confirmed"] = true, ["decision_maker"] = "Ms Li", ["icp_fit"] = true, ["close_date"] = new DateTime(2027, 3, 1),
        });
        _userJson = ScriptValues.User(_user);
        _module = Engine.PrepareModule(HookPackage.Hook, "scripts/guard.js");
        if (PooledRunner() is not decimal score || score != 75m) throw new InvalidOperationException("The hook did not compute the expected score.");
    }

    /// <summary>What a save pays: the record to JSON, the run (ctx built and frozen), the set read back and bound.</summary>
    [Benchmark]
    public object? PooledRunner()
    {
        var host = new SaveScriptHost(_package, _deal, _package.Access.For(_user, _deal), null!, _user, CancellationToken.None);
        var run = new ScriptRun("scripts/guard.js", "check", ScriptValues.Record(_deal, _values, null, "qualify"))
        {
            UserJson = _userJson, Object = "deal", Event = ScriptEvents.BeforeSave,
        };
        var result = _runner.Run(_package.Scripts, run, host, null);
        if (result.Failed) throw new InvalidOperationException(result.Error!.ToString());
        return host.Sets["seats"];
    }

    /// <summary>The runner's own cost: the same call of a function that does nothing.</summary>
    public object? PooledNoop()
    {
        var host = new SaveScriptHost(_package, _deal, _package.Access.For(_user, _deal), null!, _user, CancellationToken.None);
        var run = new ScriptRun("scripts/guard.js", "noop", ScriptValues.Record(_deal, _values, null, "qualify"))
        {
            UserJson = _userJson, Object = "deal", Event = ScriptEvents.BeforeSave,
        };
        return _runner.Run(_package.Scripts, run, host, null).Error;
    }

    public object? RecordJsonOnly() => ScriptValues.Record(_deal, _values, null, "qualify");

    /// <summary>The baseline: a new engine with the same sandbox options and the prepared module for every call.</summary>
    [Benchmark(Baseline = true)]
    public object? NewEnginePerCall()
    {
        var options = new Options();
        options.Strict();
        options.DisableStringCompilation();
        options.LimitRecursion(256);
        options.TimeoutInterval(TimeSpan.FromMilliseconds(500));
        options.MaxStatements(1_000_000);
        options.LimitMemory(32L * 1024 * 1024);
        options.Constraints.StackOverflowGuard = true;
        var engine = new Engine(options);
        var module = _module;
        engine.Modules.Add("m", b => b.AddModule(module));
        var function = engine.Modules.Import("m").Get("check");
        object? set = null;
        var ctx = new JsObject(engine);
        var json = new JsonParser(engine);
        ctx.Set("record", json.Parse(ScriptValues.Record(_deal, _values, null, "qualify")));
        ctx.Set("old", JsValue.Null);
        ctx.Set("user", json.Parse(_userJson));
        ctx.Set("addError", new ClrFunction(engine, "addError", (_, _) => JsValue.Undefined));
        ctx.Set("set", new ClrFunction(engine, "set", (_, a) => { set = a[1].AsNumber(); return JsValue.Undefined; }));
        engine.Call(function, ctx);
        return set;
    }
}
