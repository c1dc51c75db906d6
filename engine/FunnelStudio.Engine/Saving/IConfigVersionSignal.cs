namespace FunnelStudio.Saving;

/// <summary>
/// Tells an instance that a config version was published somewhere, so it need not wait for its
/// next look: PostgreSQL announces a publish with NOTIFY when it commits; SQLite has nothing to
/// announce with, and the wait simply runs out.
/// </summary>
public interface IConfigVersionSignal
{
    /// <summary>Waits at most <paramref name="max"/> for a publish; true when one was announced.</summary>
    Task<bool> WaitAsync(TimeSpan max, CancellationToken cancellationToken);
}
