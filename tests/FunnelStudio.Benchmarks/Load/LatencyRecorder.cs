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

    public LoadSummary Summarize(string name, TimeSpan wall, CpuSample? cpu = null)
    {
        lock (_gate)
        {
            var sorted = _millis.Order().ToArray();
            double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            // A process that ended during the run reads as 0 at the end: no figure rather than a negative one.
            double? PerRequest(long ticks) => sorted.Length == 0 || ticks < 0 ? null : CpuMeter.Milliseconds(ticks) / sorted.Length;
            return new LoadSummary(name, sorted.Length, _errors, sorted.Length / wall.TotalSeconds, Percentile(0.50), Percentile(0.99))
            {
                PortalCpuMs = cpu is { } c ? PerRequest(c.Portal) : null,
                PostgresCpuMs = cpu is { } d ? PerRequest(d.Postgres) : null,
                ClientCpuMs = cpu is { } e ? PerRequest(e.Client) : null,
            };
        }
    }
}

/// <summary>One load scenario's result; the CPU columns are milliseconds per request (see <see cref="CpuMeter"/>).</summary>
internal sealed record LoadSummary(string Name, int Requests, int Errors, double PerSecond, double P50Ms, double P99Ms)
{
    public double? PortalCpuMs { get; init; }
    public double? PostgresCpuMs { get; init; }
    public double? ClientCpuMs { get; init; }
    /// <summary>Requests per second offered (open loop); null when the workers sent as fast as answered.</summary>
    public double? OfferedRate { get; init; }

    public const string Header = "| scenario | load | requests | errors | throughput | p50 | p99 | CPU/req: portal | PostgreSQL | load client |\n" +
                                 "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";

    public override string ToString() =>
        $"| {Name} | {(OfferedRate is { } r ? $"{r:N0}/s offered" : "flat out")} | {Requests:N0} | {Errors:N0} | {PerSecond:N0}/s | {P50Ms:N1} ms | {P99Ms:N1} ms | " +
        $"{Cpu(PortalCpuMs)} | {Cpu(PostgresCpuMs)} | {Cpu(ClientCpuMs)} |";

    private static string Cpu(double? ms) => ms is { } v ? $"{v:N2} ms" : "–";
}
