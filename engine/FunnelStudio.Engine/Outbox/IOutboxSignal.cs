namespace FunnelStudio.Outbox;

/// <summary>
/// Wakes the delivery when messages were written, so an after-commit hook runs within milliseconds
/// instead of at the next poll: PostgreSQL sends NOTIFY from the transaction that wrote them (delivered
/// only if it commits); SQLite has nothing to send with, and the wait runs out at the poll interval.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Waits at most <paramref name="max"/>; true when new messages were announced.</summary>
    Task<bool> WaitAsync(TimeSpan max, CancellationToken cancellationToken);
}

/// <summary>No announcements: waits out <c>max</c> on the given clock (SQLite, tests).</summary>
public sealed class PollingOutboxSignal(TimeProvider time) : IOutboxSignal
{
    public async Task<bool> WaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        await Task.Delay(max, time, cancellationToken);
        return false;
    }
}
