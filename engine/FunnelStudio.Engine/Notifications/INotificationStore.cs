using FunnelStudio.Outbox;

namespace FunnelStudio.Notifications;

/// <summary>
/// The in-app inbox (<c>notifications</c>), implemented by storage. Every query is one user's: a
/// user never reads or marks another's notification.
/// </summary>
public interface INotificationStore
{
    /// <summary>
    /// Stores <paramref name="notification"/> unless its user already has the one of the same outbox
    /// message, and — in the same transaction, only then — <paramref name="followUps"/> (its other
    /// channels' deliveries). Returns false when it was already stored: nothing is written twice, so
    /// a redelivered message neither adds a row nor sends an email again.
    /// </summary>
    Task<bool> AddAsync(InAppNotification notification, IReadOnlyList<OutboxMessage> followUps, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="page"/> from 1.</summary>
    Task<NotificationPage> ListAsync(string userId, bool unreadOnly, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many of the user's notifications are unread (the bell).</summary>
    Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Marks one of the user's notifications read; false when the user has none with that id.</summary>
    Task<bool> MarkReadAsync(string userId, long id, CancellationToken cancellationToken);

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken);
}
