using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>Collects per-request latencies from many workers and summarizes them (throughput, p50, p99).</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _millis = [];
    private readonly Lock _gate = new();
    private int _errors;

    public void Record(long startTimestamp, bool ok)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_gate)
        {
            _millis.Add(elapsed);
            if (!ok) _errors++;
        }
    }

    public LoadSummary Summarize(string name, TimeSpan wall)
    {
        lock (_gate)
        {
            var sorted = _millis.Order().ToArray();
            double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new LoadSummary(name, sorted.Length, _errors, sorted.Length / wall.TotalSeconds, Percentile(0.50), Percentile(0.99));
        }
    }
}

/// <summary>One load scenario's result.</summary>
internal sealed record LoadSummary(string Name, int Requests, int Errors, double PerSecond, double P50Ms, double P99Ms)
{
    public override string ToString() =>
        $"| {Name} | {Requests:N0} | {Errors:N0} | {PerSecond:N0}/s | {P50Ms:N2} ms | {P99Ms:N2} ms |";
}
