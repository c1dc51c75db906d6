using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>Runs a request function on N concurrent workers, for a count or a duration, whichever ends first.</summary>
internal static class LoadWorkers
{
    /// <summary>
    /// Runs <paramref name="request"/> unrecorded for <paramref name="warmup"/> (JIT, pools, caches),
    /// then recorded until <paramref name="maxRequests"/> were measured or <paramref name="maxDuration"/>
    /// passed. The request gets a running number (warm-up included) to vary its parameters.
    /// <para>
    /// Without <paramref name="rate"/> every worker sends its next request as soon as the last one
    /// is answered (closed loop: the most the system can do; latency is then concurrency ÷ throughput).
    /// With it, request k of the run is due at start + k ÷ rate and its latency counts from then
    /// (open loop, no coordinated omission): the latency at that load, as a target states it. A
    /// system that cannot keep up falls behind the schedule, and the latency shows it.
    /// </para>
    /// </summary>
    public static async Task<LoadSummary> RunAsync(string name, int concurrency, int maxRequests, TimeSpan maxDuration,
        Func<int, Task<bool>> request, TimeSpan warmup = default, CpuMeter? cpu = null, double? rate = null)
    {
        var sequence = new Sequence();
        if (warmup > TimeSpan.Zero)
            await RunPhaseAsync(concurrency, int.MaxValue, warmup, request, sequence, new LatencyRecorder(), rate);
        var recorder = new LatencyRecorder();
        var before = cpu?.Sample();
        var wall = Stopwatch.StartNew();
        await RunPhaseAsync(concurrency, maxRequests, maxDuration, request, sequence, recorder, rate);
        wall.Stop();
        var summary = recorder.Summarize(name, wall.Elapsed, cpu?.Sample() - before);
        return rate is { } r ? summary with { OfferedRate = r } : summary;
    }

    private static async Task RunPhaseAsync(int concurrency, int maxRequests, TimeSpan duration, Func<int, Task<bool>> request,
        Sequence sequence, LatencyRecorder recorder, double? rate)
    {
        var started = 0;
        var phaseStart = Stopwatch.GetTimestamp();
        var deadline = phaseStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (true)
            {
                var k = Interlocked.Increment(ref started);
                if (k > maxRequests) return;
                var start = Stopwatch.GetTimestamp();
                if (rate is { } perSecond)
                {
                    var due = phaseStart + (long)((k - 1) / perSecond * Stopwatch.Frequency);
                    if (due >= deadline) return;
                    var wait = Stopwatch.GetElapsedTime(start, due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    start = due;
                }
                else if (start >= deadline) return;
                var n = sequence.Next();
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
