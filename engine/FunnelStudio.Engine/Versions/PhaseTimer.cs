using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FunnelStudio.Versions;

/// <summary>
/// Milliseconds per phase of a plan or publish, for the log line an operator reads when a publish
/// takes long (which part: the impact scan, the index build, the switch transaction, the follow-up).
/// </summary>
internal sealed class PhaseTimer
{
    private readonly StringBuilder _text = new();
    private long _last = Stopwatch.GetTimestamp();
    private readonly long _start = Stopwatch.GetTimestamp();

    public void Lap(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        _text.Append(CultureInfo.InvariantCulture, $"{phase} {Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds:F0} ms, ");
        _last = now;
    }

    public override string ToString() =>
        _text.ToString() + string.Create(CultureInfo.InvariantCulture, $"total {Stopwatch.GetElapsedTime(_start).TotalMilliseconds:F0} ms");
}
