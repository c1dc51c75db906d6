namespace FunnelStudio.Outbox;

/// <summary>
/// How the outbox is delivered (<c>FunnelStudio:Outbox</c>), checked at start by
/// <see cref="OutboxOptionsValidator"/>. The defaults suit a portal with a few instances on one database.
/// </summary>
public sealed record OutboxOptions
{
    public const string Section = "FunnelStudio:Outbox";

    /// <summary>How long the dispatcher waits when it found nothing due (a full batch goes on at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many messages one instance delivers at once (its slots).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How many more messages an instance holds claimed, waiting for a deliverer. A claim (which also marks what was
    /// delivered since the last one) is one statement whatever its size, so claiming ahead shares it among more messages
    /// (20 deliverers and 140 ahead: claims of 80 and more instead of 10) without posting to receivers more at once. The
    /// lease covers the wait (checked at start: 270 s with the defaults); messages still waiting when the instance stops
    /// are given back at once.
    /// </summary>
    public int Prefetch { get; set; } = 140;

    /// <summary>
    /// How long a claim holds its messages. Once it runs out (the instance died, or hangs) another
    /// instance claims them again, so it must be well over <see cref="HandlerTimeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deliveries tried before a message becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with each further one.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one handler may run; then its token is cancelled and the attempt counts as failed.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long delivered messages are kept (for the admin page) before a purge deletes them; dead
    /// letters are kept until an admin retries them. Every save with hooks leaves messages, so
    /// without a purge the table only grows.
    /// </summary>
    public TimeSpan KeepDelivered { get; set; } = TimeSpan.FromDays(7);
}
