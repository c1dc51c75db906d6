using Microsoft.Extensions.Options;

namespace FunnelStudio.Outbox;

/// <summary>
/// Refuses <see cref="OutboxOptions"/> that would make delivery misbehave, at start: zero or negative
/// values, absurdly large ones (<see cref="TimeSpan.MaxValue"/> would overflow the time arithmetic),
/// a backoff base above its cap, and a lease that a running handler could outlive (its message
/// would be handed to a second instance while the first still delivers it) — also one claimed ahead,
/// which waits for the handlers before it.
/// </summary>
public sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);
    public const int MaxBatchSize = 1000;

    /// <summary>The most messages an instance may claim ahead of its deliverers.</summary>
    public const int MaxPrefetch = MaxBatchSize * 10;
    public static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);
    public const int MaxMaxAttempts = 100;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxHandlerTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = new List<string>();
        Between(errors, nameof(options.PollInterval), options.PollInterval, MaxPollInterval);
        Between(errors, nameof(options.Lease), options.Lease, MaxLease);
        Between(errors, nameof(options.BackoffBase), options.BackoffBase, MaxBackoff);
        Between(errors, nameof(options.BackoffCap), options.BackoffCap, MaxBackoff);
        Between(errors, nameof(options.HandlerTimeout), options.HandlerTimeout, MaxHandlerTimeout);
        Between(errors, nameof(options.KeepDelivered), options.KeepDelivered, TimeSpan.FromDays(3650));
        if (options.BatchSize is < 1 or > MaxBatchSize)
            errors.Add($"{OutboxOptions.Section}:{nameof(options.BatchSize)} is {options.BatchSize}: use 1 to {MaxBatchSize}.");
        if (options.Prefetch is < 0 or > MaxPrefetch)
            errors.Add($"{OutboxOptions.Section}:{nameof(options.Prefetch)} is {options.Prefetch}: use 0 to {MaxPrefetch}.");
        if (options.MaxAttempts is < 1 or > MaxMaxAttempts)
            errors.Add($"{OutboxOptions.Section}:{nameof(options.MaxAttempts)} is {options.MaxAttempts}: use 1 to {MaxMaxAttempts}.");
        if (options.BackoffBase > options.BackoffCap)
            errors.Add($"{OutboxOptions.Section}:{nameof(options.BackoffBase)} ({options.BackoffBase}) is above {nameof(options.BackoffCap)} ({options.BackoffCap}).");
        if (options.HandlerTimeout > TimeSpan.Zero && options.HandlerTimeout <= MaxHandlerTimeout && options.BatchSize is >= 1 and <= MaxBatchSize
            && options.Prefetch is >= 0 and <= MaxPrefetch && options.Lease < LeaseAtLeast(options))
            errors.Add($"{OutboxOptions.Section}:{nameof(options.Lease)} ({options.Lease}) must be at least {LeaseAtLeast(options)}: " +
                $"{nameof(options.HandlerTimeout)} ({options.HandlerTimeout}) × (2 + {nameof(options.Prefetch)} ÷ {nameof(options.BatchSize)}, rounded up), " +
                "so a claim outlives the handlers it runs, those it waits for included.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The shortest lease that no message outlives: the last one claimed ahead waits for ⌈Prefetch ÷ BatchSize⌉ rounds
    /// of handlers, each at most <see cref="OutboxOptions.HandlerTimeout"/>, then runs its own; one more for margin.
    /// </summary>
    public static TimeSpan LeaseAtLeast(OutboxOptions options) =>
        options.HandlerTimeout * (2 + (options.Prefetch + options.BatchSize - 1) / options.BatchSize);

    private static void Between(List<string> errors, string name, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
            errors.Add($"{OutboxOptions.Section}:{name} is {value}: use more than zero and at most {max}.");
    }
}
