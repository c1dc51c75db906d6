using System.Globalization;

namespace FunnelStudio.Benchmarks.Publish;

/// <summary>
/// How busy the whole machine's CPUs were, second by second (from /proc/stat): on a shared machine
/// it tells a slow window caused by the publish from one caused by a neighbour's build.
/// </summary>
internal sealed class MachineBusy
{
    private readonly List<(double At, double Busy)> _samples = [];
    private readonly Lock _gate = new();

    public async Task RunAsync(Func<double> now, CancellationToken ct)
    {
        var last = Read();
        while (!ct.IsCancellationRequested && last is not null)
        {
            try { await Task.Delay(1000, ct); } catch (OperationCanceledException) { return; }
            var next = Read();
            if (next is null) return;
            var total = next.Value.Total - last.Value.Total;
            lock (_gate) _samples.Add((now(), total <= 0 ? 0 : 1 - (double)(next.Value.Idle - last.Value.Idle) / total));
            last = next;
        }
    }

    /// <summary>The busy share of the second that ended closest after <paramref name="at"/> + 1 s (the window [at, at + 1)).</summary>
    public string At(double at)
    {
        lock (_gate)
        {
            var sample = _samples.Where(s => s.At >= at + 0.5).OrderBy(s => s.At).FirstOrDefault();
            return sample.At == 0 ? "–" : sample.Busy.ToString("P0", CultureInfo.InvariantCulture);
        }
    }

    private static (long Total, long Idle)? Read()
    {
        if (!File.Exists("/proc/stat")) return null;
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (cpu.Sum(), cpu[3] + (cpu.Length > 4 ? cpu[4] : 0)); // idle + iowait
    }
}
