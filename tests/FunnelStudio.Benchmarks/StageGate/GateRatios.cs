using System.Diagnostics;

namespace FunnelStudio.Benchmarks.StageGate;

/// <summary>
/// <c>--gate-ratios</c>: the <see cref="StageGateBenchmarks"/> methods measured in alternation —
/// many short rounds, one batch of each method per round — so that load from other processes on a
/// shared machine slows them all alike. BenchmarkDotNet runs the methods one after another, so on a
/// noisy machine each sees different noise and its ratios drift; this is the cross-check. Prints,
/// per method, the best and median nanoseconds per check, the median of the per-round ratios to the
/// hand-written predicate, and the bytes allocated per check.
/// </summary>
internal static class GateRatios
{
    public const string Switch = "--gate-ratios";
    private const int WarmupRounds = 10;
    private const int Rounds = 60;

    private sealed record Method(string Name, int Batch, Func<int, int> Loop);

    public static int Run()
    {
        var bench = new StageGateBenchmarks();
        bench.Setup();
        // Batches of roughly 5 ms each; the loop counts passes so the JIT cannot drop the calls.
        Method[] methods =
        [
            new("RulesEngine workflow, ExpandoObject", 1_500, n => Count(n, () => bench.RulesEngineWorkflow().GetAwaiter().GetResult())),
            new("RulesEngine workflow, parameter converted once", 1_500, n => Count(n, () => bench.RulesEngineTypedParameter().GetAwaiter().GetResult())),
            new("Hand-written C# predicate", 200_000, n => { var ok = 0; for (var i = 0; i < n; i++) if (bench.HandWritten()) ok++; return ok; }),
            new("FunnelStudio rules one by one (Passes)", 100_000, n => { var ok = 0; for (var i = 0; i < n; i++) if (bench.FunnelStudioRules()) ok++; return ok; }),
            new("FunnelStudio fused exit gate (ExitGate)", 200_000, n => { var ok = 0; for (var i = 0; i < n; i++) if (bench.FunnelStudioGate()) ok++; return ok; }),
        ];
        const int baseline = 2, rulesEngine = 0;

        var nanos = methods.Select(_ => new List<double>()).ToArray();
        var allocated = new long[methods.Length];
        for (var round = 0; round < WarmupRounds + Rounds; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                var passed = methods[m].Loop(methods[m].Batch);
                clock.Stop();
                var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                if (passed != methods[m].Batch) throw new InvalidOperationException($"{methods[m].Name} failed the benchmark deal.");
                if (round < WarmupRounds) continue;
                nanos[m].Add(clock.Elapsed.TotalNanoseconds / methods[m].Batch);
                allocated[m] = Math.Max(allocated[m], bytes / methods[m].Batch);
            }
        }

        Console.WriteLine($"{Rounds} interleaved rounds after {WarmupRounds} warm-up rounds; ratios = medians of per-round ratios.");
        Console.WriteLine();
        Console.WriteLine("| Method | Best | Median | ÷ hand-written | RulesEngine (ExpandoObject) ÷ this | Allocated |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var m = 0; m < methods.Length; m++)
        {
            var toHandWritten = nanos[m].Zip(nanos[baseline], (x, b) => x / b).ToList();
            var rulesEngineOver = nanos[rulesEngine].Zip(nanos[m], (r, x) => r / x).ToList();
            Console.WriteLine($"| {methods[m].Name} | {nanos[m].Min():N1} ns | {Median(nanos[m]):N1} ns | {Median(toHandWritten):N2} | {Median(rulesEngineOver):N0}× | {allocated[m]:N0} B |");
        }
        return 0;
    }

    private static int Count(int n, Func<bool> check)
    {
        var ok = 0;
        for (var i = 0; i < n; i++) if (check()) ok++;
        return ok;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
