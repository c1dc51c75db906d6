using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Scripting;

/// <summary><c>--script-profile</c>: a quick loop over the pooled runner, to see where a hook call's time goes while tuning.</summary>
internal static class ScriptProfile
{
    public const string Switch = "--script-profile";

    public static int Run()
    {
        var bench = new ScriptHookBenchmarks();
        bench.Setup();
        foreach (var (name, action) in new (string, Func<object?>)[] { ("pooled", bench.PooledRunner), ("new engine", bench.NewEnginePerCall), ("pooled", bench.PooledRunner), ("noop", bench.PooledNoop), ("record json", bench.RecordJsonOnly) })
        {
            for (var i = 0; i < 2000; i++) action();
            var watch = Stopwatch.StartNew();
            const int n = 20000;
            for (var i = 0; i < n; i++) action();
            Console.WriteLine($"{name}: {watch.Elapsed.TotalMicroseconds / n:0.0} µs per call");
        }
        return 0;
    }
}
