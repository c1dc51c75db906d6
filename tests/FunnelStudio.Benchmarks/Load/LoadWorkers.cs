using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>Runs a request function on N concurrent workers, for a count or a duration, whichever ends first.</summary>
internal static class LoadWorkers
{
    public static async Task<LoadSummary> RunAsync(string name, int concurrency, int maxRequests, TimeSpan maxDuration,
        Func<int, Task<bool>> request)
    {
        var recorder = new LatencyRecorder();
        var issued = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (true)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > maxRequests || Stopwatch.GetTimestamp() > deadline) return;
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
        return recorder.Summarize(name, wall.Elapsed);
    }
}
