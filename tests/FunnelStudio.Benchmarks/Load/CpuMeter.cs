using System.Globalization;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>
/// CPU time used by the portal and by PostgreSQL (the postmaster, its live backends and its reaped
/// children), read from Linux's /proc. On a shared, noisy machine the CPU milliseconds per request
/// say more about a change than the throughput does: other processes' load does not inflate them.
/// </summary>
internal sealed class CpuMeter(int? portalPid, int? postgresPid)
{
    private static readonly double TicksPerMs = 100 / 1000.0; // USER_HZ is 100 on Linux


    public CpuSample Sample() => new(portalPid is { } p ? ProcessTicks(p, children: false) : 0,
        postgresPid is { } pg ? ProcessTicks(pg, children: true) : 0,
        (long)(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds * TicksPerMs));

    /// <summary>utime + stime (+ reaped children's, + live children's when <paramref name="children"/>).</summary>
    private static long ProcessTicks(int pid, bool children)
    {
        var ticks = Ticks(pid, withReaped: children);
        if (!children) return ticks;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)) continue;
            if (Field(child, 4) == pid) ticks += Ticks(child, withReaped: false);
        }
        return ticks;
    }

    private static long Ticks(int pid, bool withReaped) =>
        Field(pid, 14) + Field(pid, 15) + (withReaped ? Field(pid, 16) + Field(pid, 17) : 0);

    /// <summary>Field <paramref name="index"/> (1-based, as in proc(5)) of /proc/pid/stat; 0 when the process is gone.</summary>
    private static long Field(int pid, int index)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }
        // The command name (field 2) is in parentheses and may contain spaces: count from its end.
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(rest[index - 3], CultureInfo.InvariantCulture);
    }

    public static double Milliseconds(long ticks) => ticks / TicksPerMs;
}

/// <summary>CPU clock ticks of the portal, of PostgreSQL and of this load client at one moment.</summary>
internal readonly record struct CpuSample(long Portal, long Postgres, long Client)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Portal - b.Portal, a.Postgres - b.Postgres, a.Client - b.Client);
}
