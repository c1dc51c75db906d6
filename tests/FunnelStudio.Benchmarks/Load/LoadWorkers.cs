using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>Runs a request function on N concurrent workers, for a count or a duration, whichever ends first.</summary>
internal static class LoadWorkers
{
    /// <summary>
    /// Runs <paramref name="request"/> unrecorded for <paramref name="warmup"/> (JIT, pools, caches),
    /// then recorded until <paramref name="maxRequests"/> were measured or <paramref name="maxDuration"/>
    /// passed. The request gets a running number (warm-up included) to vary its parameters.
    /// </summary>
    public static async Task<LoadSummary> RunAsync(string name, int concurrency, int maxRequests, TimeSpan maxDuration,
        Func<int, Task<bool>> request, TimeSpan warmup = default, CpuMeter? cpu = null)
    {
        var sequence = new Sequence();
        if (warmup > TimeSpan.Zero) await RunPhaseAsync(concurrency, int.MaxValue, warmup, request, sequence, new LatencyRecorder());
        var recorder = new LatencyRecorder();
        var before = cpu?.Sample();
        var wall = Stopwatch.StartNew();
        await RunPhaseAsync(concurrency, maxRequests, maxDuration, request, sequence, recorder);
        wall.Stop();
        return recorder.Summarize(name, wall.Elapsed, cpu?.Sample() - before);
    }

    private static async Task RunPhaseAsync(int concurrency, int maxRequests, TimeSpan duration, Func<int, Task<bool>> request,
        Sequence sequence, LatencyRecorder recorder)
    {
        var started = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (Interlocked.Increment(ref started) <= maxRequests && Stopwatch.GetTimestamp() < deadline)
            {
                var n = sequence.Next();
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(n);
                }
                catch (Exception)
                {
                    ok = false;
                }
                recorder.Record(start, ok);
            }
        }).ToArray();
        await Task.WhenAll(workers);
    }

    private sealed class Sequence
    {
        private int _value;

        public int Next() => Interlocked.Increment(ref _value);
    }
}
