using Jint;

namespace FunnelStudio.Scripting;

/// <summary>
/// Counts the statements a run executes, for its trace and <c>script run</c>. Jint calls a constraint
/// that is not amortizable before every statement (<see cref="Constraint.IsAmortizable"/>: the count
/// is the point, so it may not be sampled). It resets every constraint when a call starts and again
/// when it returns, so the count of the call that just ended is kept aside at that second reset.
/// </summary>
internal sealed class StatementCounter : Constraint
{
    private long _running;

    /// <summary>Statements of the last call that ended.</summary>
    public long Count { get; private set; }

    public override bool IsAmortizable => false;

    public override void Check() => _running++;

    public override void Reset()
    {
        if (_running > 0) Count = _running;
        _running = 0;
    }

    /// <summary>Called before a run, so a run that executes nothing does not report the last one's count.</summary>
    public void Clear() => Count = _running = 0;
}
