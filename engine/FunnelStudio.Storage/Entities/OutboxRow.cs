namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One outbox message (<c>outbox</c>): a side effect a save asked for, written in the save's
/// transaction and delivered after the commit (see <c>FunnelStudio.Outbox</c>). Status is
/// <c>pending</c> (also between retries), <c>done</c> or <c>dead</c>; a claim sets
/// <see cref="ClaimedUntil"/>, a lease another instance waits out.
/// </summary>
public sealed class OutboxRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>JSON, kept as the exact text the save gave (a handler may sign it byte for byte).</summary>
    public string Payload { get; set; } = "";
    public Guid? RecordId { get; set; }
    public string? Description { get; set; }
    public string Status { get; set; } = "";
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>When it was delivered, or given up on (dead).</summary>
    public DateTime? DoneAt { get; set; }
    public string? LastError { get; set; }
}
