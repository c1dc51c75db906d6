namespace FunnelStudio.Notifications;

/// <summary>
/// One notification in one user's in-app inbox: the rendered title (the template's first line) and
/// HTML body (the rest, with values escaped by the renderer), where it links, and when it was read.
/// </summary>
public sealed record InAppNotification(string UserId, string Event, string Title, string Body)
{
    public long Id { get; init; }
    public string? Link { get; init; }
    public Guid? RecordId { get; init; }
    /// <summary>The <c>notify</c> outbox message that made it: delivering it again adds no second one.</summary>
    public long? OutboxId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; init; }
    public bool IsRead => ReadAt is not null;
}

/// <summary>One page of a user's inbox, newest first.</summary>
public sealed record NotificationPage(IReadOnlyList<InAppNotification> Items, int Page, int PageSize, int Total, int Unread)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
