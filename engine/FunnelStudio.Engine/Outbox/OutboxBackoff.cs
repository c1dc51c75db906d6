namespace FunnelStudio.Outbox;

/// <summary>
/// When a failed message is tried again: attempt n (the one that just failed) waits
/// min(<see cref="OutboxOptions.BackoffBase"/> × 2^(n−1), <see cref="OutboxOptions.BackoffCap"/>),
/// less up to a quarter at random, so messages that failed together (a receiver that was down) do
/// not all come back in the same instant. After <see cref="OutboxOptions.MaxAttempts"/> there is no
/// next attempt: the message is dead.
/// </summary>
public static class OutboxBackoff
{
    /// <summary>The part of a wait the jitter may take away.</summary>
    public const double Jitter = 0.25;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 = the first), before jitter.</summary>
    public static TimeSpan Delay(int attempt, OutboxOptions options)
    {
        // In doubles: 2^(n−1) overflows a long long before MaxAttempts' bound, the cap does not.
        var ticks = options.BackoffBase.Ticks * Math.Pow(2, Math.Max(0, attempt - 1));
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.BackoffCap.Ticks));
    }

    /// <summary>
    /// When to try again after failed attempt <paramref name="attempt"/>, or null when it was the last.
    /// <paramref name="random"/> in [0, 1) picks the jitter.
    /// </summary>
    public static DateTime? RetryAt(int attempt, OutboxOptions options, DateTime now, double random)
    {
        if (attempt >= options.MaxAttempts) return null;
        var delay = Delay(attempt, options);
        return now + TimeSpan.FromTicks(delay.Ticks - (long)(delay.Ticks * Jitter * Math.Clamp(random, 0, 1)));
    }
}
