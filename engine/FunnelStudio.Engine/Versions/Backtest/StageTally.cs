namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// Conversion and time in stage of one world — as it happened, or as the draft would have let it
/// happen — fed one record at a time: <see cref="Start"/>, then each move in order.
/// In the draft's world a record stops at the first move the draft blocks or cannot judge: the
/// record would have stayed where it was, so nothing after that move happened there.
/// </summary>
internal sealed class StageTally(VersionView version)
{
    private readonly Dictionary<(string Object, string Stage), Tally> _stages = [];
    private string? _stage;
    private DateTime _enteredAt;
    private bool _stopped;

    public VersionView Version { get; } = version;

    public void Start()
    {
        _stage = null;
        _stopped = false;
    }

    /// <summary>Counts a move whose <paramref name="verdict"/> this world follows (as it happened: always allowed).</summary>
    public void Move(string obj, StageMove move, Verdict verdict)
    {
        if (_stopped) return;
        var from = move.From is null ? null : Version.Stage(move.From);
        var to = Version.Stage(move.To);
        if (verdict != Verdict.Allowed)
        {
            _stopped = true;
            return;
        }
        if (from is not null)
        {
            var left = Get(obj, from);
            if (Version.IsForward(obj, from, to)) left.Converted++;
            // A stay ends when the record leaves the stage it entered; a history that skips a beat
            // (its first move stored without the entry) gives no duration rather than a wrong one.
            if (_stage == from) left.Durations.Add((move.At - _enteredAt).TotalSeconds);
        }
        Get(obj, to).Entered++;
        _stage = to;
        _enteredAt = move.At;
    }

    /// <summary>Adds what another tally of the same world counted (a replay run in parallel).</summary>
    public void Absorb(StageTally other)
    {
        foreach (var ((obj, stage), theirs) in other._stages)
        {
            var ours = Get(obj, stage);
            ours.Entered += theirs.Entered;
            ours.Converted += theirs.Converted;
            ours.Durations.AddRange(theirs.Durations);
        }
    }

    public StageFigures Figures(string obj, string stage)
    {
        if (!_stages.TryGetValue((obj, stage), out var figures)) return StageFigures.None;
        return new StageFigures(figures.Entered, figures.Converted, figures.Durations.Count, Median(figures.Durations));
    }

    public IEnumerable<(string Object, string Stage)> Keys => _stages.Keys;

    private Tally Get(string obj, string stage)
    {
        if (!_stages.TryGetValue((obj, stage), out var figures)) _stages[(obj, stage)] = figures = new Tally();
        return figures;
    }

    private static TimeSpan? Median(List<double> seconds)
    {
        if (seconds.Count == 0) return null;
        seconds.Sort();
        var middle = seconds.Count / 2;
        var median = seconds.Count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
        return TimeSpan.FromSeconds(median);
    }

    private sealed class Tally
    {
        public long Entered { get; set; }
        public long Converted { get; set; }
        public List<double> Durations { get; } = [];
    }
}
