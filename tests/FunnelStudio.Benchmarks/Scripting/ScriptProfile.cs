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
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            Console.WriteLine($"{name}: {watch.Elapsed.TotalMicroseconds / n:0.0} µs per call, {GC.GetAllocatedBytesForCurrentThread() - before:N0} bytes");
        }
        // Calls per second on 1, 2 and 16 threads: a script run that does not scale across cores waits on something shared.
        foreach (var threads in new[] { 1, 2, 16 })
        {
            const int perThread = 20000;
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                var local = new ScriptHookBenchmarks();
                local.Setup();
                for (var i = 0; i < perThread; i++) local.PooledRunner();
            });
            Console.WriteLine($"{threads} threads: {threads * perThread / watch.Elapsed.TotalSeconds:N0} calls/s");
        }
        return 0;
    }
}
