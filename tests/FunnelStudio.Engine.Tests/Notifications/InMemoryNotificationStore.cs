using FunnelStudio.Notifications;
using FunnelStudio.Outbox;

namespace FunnelStudio.Engine.Tests.Notifications;

/// <summary>The inbox in memory, with the storage's rule: one notification per outbox message and user.</summary>
internal sealed class InMemoryNotificationStore : INotificationStore
{
    public List<InAppNotification> Rows { get; } = [];
    public List<OutboxMessage> FollowUps { get; } = [];

    public Task<bool> AddAsync(InAppNotification notification, IReadOnlyList<OutboxMessage> followUps, CancellationToken cancellationToken)
    {
        if (Rows.Exists(r => r.OutboxId == notification.OutboxId && r.UserId == notification.UserId)) return Task.FromResult(false);
        Rows.Add(notification with { Id = Rows.Count + 1 });
        FollowUps.AddRange(followUps);
        return Task.FromResult(true);
    }

    public Task<NotificationPage> ListAsync(string userId, bool unreadOnly, int page, int pageSize, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> MarkReadAsync(string userId, long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
