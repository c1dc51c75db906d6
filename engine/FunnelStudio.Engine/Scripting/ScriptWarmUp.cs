namespace FunnelStudio.Scripting;

/// <summary>
/// The first script run of a process JIT-compiles much of Jint, which can take longer than a run's
/// whole time limit: a first save would then fail for no fault of its script. One run of a small
/// script that touches what hooks use (ctx, JSON, host functions) is made once, with generous
/// limits, before the first real run.
/// </summary>
internal static class ScriptWarmUp
{
    private const string Source = """
        export function warm(ctx) {
          const r = ctx.record; let n = 0;
          for (const k of Object.keys(r)) n += String(r[k]).length;
          ctx.log('warm', n, JSON.stringify(ctx.user)); ctx.set('n', n);
          if (n < 0) ctx.addError('n', 'never'); return [1, 2, 3].map(x => x * 2).join(',');
        }
        """;

    private static readonly Lazy<bool> Done = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void Ensure() => _ = Done.Value;

    private static bool Run()
    {
        var (module, _) = ScriptModule.Parse("warm-up.js", Source);
        if (module is null) return false;
        var scripts = new CompiledScripts(new Metadata.PackageDefinition("warm-up", "1.0.0", Metadata.LocalizedText.Empty),
            new Dictionary<string, ScriptModule> { [module.Path] = module });
        var runner = new ScriptRunner(new ScriptingOptions { TimeoutMs = 30_000, PoolSize = 1 });
        for (var i = 0; i < 3; i++)
            runner.RunCore(scripts, new ScriptRun(module.Path, "warm", """{"a":"x","b":1,"c":true}""") { UserJson = """{"id":"u","roles":[]}""" }, new NoHost(), null);
        return true;
    }

    private sealed class NoHost : IScriptHostApi
    {
        public void AddError(string? field, string message) { }
        public void Set(string field, string json) { }
        public void Log(string text) { }
        public string Query(string obj, string filterJson, int limit) => "[]";
        public void Webhook(string url, string bodyJson, string? secret) { }
    }
}
