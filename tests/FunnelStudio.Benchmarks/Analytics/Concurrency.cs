using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>Closed-loop users: each runs the operation again as soon as it answers, for a fixed time; latency percentiles and throughput.</summary>
internal static class Concurrency
{
    /// <summary>
    /// With <paramref name="postgresPid"/> (<c>--pg-pid</c>), also the CPU each dashboard cost this process and PostgreSQL.
    /// The users first run for <paramref name="warmupSeconds"/> unrecorded, so tiered compilation is done before anything counts.
    /// </summary>
    public static async Task RunAsync(string label, int users, int seconds, Func<int, Task> operation, int? postgresPid = null, int warmupSeconds = 5)
    {
        if (warmupSeconds > 0)
        {
            var warm = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, users).Select(i => Task.Run(async () =>
            {
                while (warm.Elapsed.TotalSeconds < warmupSeconds)
                    try { await operation(i); } catch (Exception) { /* counted in the measured part */ }
            })));
        }
        var meter = new Load.CpuMeter(null, postgresPid);
        var before = meter.Sample();
        var latencies = new List<double>();
        var errors = 0;
        var gate = new Lock();
        var wall = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, users).Select(i => Task.Run(async () =>
        {
            while (wall.Elapsed < until)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = true;
                try
                {
                    await operation(i);
                }
                catch (Exception e)
                {
                    ok = false;
                    Console.WriteLine($"  user {i}: {e.GetType().Name}: {e.Message}");
                }
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (gate)
                {
                    latencies.Add(ms);
                    if (!ok) errors++;
                }
            }
        })));
        wall.Stop();
        var used = meter.Sample() - before;
        var sorted = latencies.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine($"  {label}: {sorted.Length:N0} dashboards in {wall.Elapsed.TotalSeconds:N1} s (after {warmupSeconds} s unrecorded) = {sorted.Length / wall.Elapsed.TotalSeconds:N2}/s, " +
                          $"errors {errors}; p50 {P(0.50):N1} ms, p95 {P(0.95):N1} ms, p99 {P(0.99):N1} ms, max {sorted[^1]:N1} ms; load average {AnalyticsRun.Load()}");
        if (postgresPid is not null && sorted.Length > 0)
            Console.WriteLine($"    CPU per dashboard: this process {Load.CpuMeter.Milliseconds(used.Client) / sorted.Length:N1} ms, " +
                              $"PostgreSQL {Load.CpuMeter.Milliseconds(used.Postgres) / sorted.Length:N1} ms");
    }
}
