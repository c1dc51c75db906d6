namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One in-app notification for one user (<c>notifications</c>): the rendered title and body (HTML
/// the template produced with its values escaped), a link, and when it was read.
/// </summary>
public sealed class NotificationRow
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>What happened (<c>approval.requested</c> …).</summary>
    public string Event { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public Guid? RecordId { get; set; }
    /// <summary>The outbox message that made it: delivering the message again adds no second row.</summary>
    public long? OutboxId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}
