namespace FunnelStudio.Outbox;

/// <summary>Where a message stands: waiting (also between retries), delivered, or given up on (dead letter).</summary>
public enum OutboxStatus
{
    Pending,
    Done,
    Dead,
}

/// <summary>A stored outbox message, as a handler and the admin page see it.</summary>
public sealed record OutboxItem(long Id, string Kind, string Payload, OutboxStatus Status)
{
    public Guid? RecordId { get; init; }
    /// <summary>The object of <see cref="RecordId"/>'s record, when the store found the record (for linking to it).</summary>
    public string? RecordObject { get; init; }
    public string? Description { get; init; }
    /// <summary>Deliveries tried so far (the one running now included, for a handler).</summary>
    public int Attempts { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>When a pending message is due next (after a failure: the backoff).</summary>
    public DateTime NextAttemptAt { get; init; }
    /// <summary>When it was delivered, or given up on (a dead letter); null while pending.</summary>
    public DateTime? DoneAt { get; init; }
    public string? LastError { get; init; }
}
