using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Publish;

/// <summary>
/// The steady load around a publish: request k is due at start + k ÷ rate (open loop) and its latency
/// counts from then, so a request held up by the publish — or stuck behind one that is — shows its
/// whole wait. Every request is kept (due time, latency, kind, answer) for windows around the publish.
/// </summary>
internal sealed class Background(int concurrency, double rate, Func<int, Task<(string Kind, bool Ok)>> request)
{
    public readonly record struct Sample(double DueSeconds, double LatencyMs, string Kind, bool Ok);

    private readonly List<Sample> _samples = [];
    private readonly Lock _gate = new();
    private volatile bool _stop;

    /// <summary>The clock every time of the run is read on (seconds since the background load started).</summary>
    public long Start { get; private set; }

    public double Now => Stopwatch.GetElapsedTime(Start).TotalSeconds;

    public Task RunAsync()
    {
        Start = Stopwatch.GetTimestamp();
        var started = 0;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (!_stop)
            {
                var k = Interlocked.Increment(ref started);
                var due = Start + (long)((k - 1) / rate * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                if (_stop) return;
                (string Kind, bool Ok) answer;
                try
                {
                    answer = await request(k);
                }
                catch (Exception)
                {
                    answer = ("error", false);
                }
                var sample = new Sample(Stopwatch.GetElapsedTime(Start, due).TotalSeconds, Stopwatch.GetElapsedTime(due).TotalMilliseconds, answer.Kind, answer.Ok);
                lock (_gate) _samples.Add(sample);
            }
        }));
    }

    public void Stop() => _stop = true;

    public List<Sample> Samples(double from, double to)
    {
        lock (_gate) return _samples.Where(s => s.DueSeconds >= from && s.DueSeconds < to).ToList();
    }
}

/// <summary>Latency figures of a set of background requests.</summary>
internal sealed record LatencyStats(int Requests, int Errors, double P50Ms, double P99Ms, double MaxMs, int OverOneSecond)
{
    public static LatencyStats Of(IReadOnlyCollection<Background.Sample> samples)
    {
        var sorted = samples.Select(s => s.LatencyMs).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencyStats(sorted.Length, samples.Count(s => !s.Ok), Percentile(0.50), Percentile(0.99),
            sorted.Length == 0 ? 0 : sorted[^1], sorted.Count(ms => ms > 1000));
    }

    public string Cells => $"{Requests:N0} | {Errors:N0} | {P50Ms:N1} ms | {P99Ms:N1} ms | {MaxMs:N1} ms | {OverOneSecond:N0}";
}
