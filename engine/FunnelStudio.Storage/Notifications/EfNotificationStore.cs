using FunnelStudio.Notifications;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Notifications;

/// <summary>
/// <see cref="INotificationStore"/> over the <c>notifications</c> table, on both providers. A
/// notification is inserted with <c>ON CONFLICT (outbox_id, user_id) DO NOTHING</c>: the unique index
/// is what makes a redelivered message harmless, and the follow-up deliveries (email …) are written
/// in the same transaction only when the row was new. Thread-safe: every call takes its own context.
/// </summary>
public sealed class EfNotificationStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options, TimeProvider time)
    : INotificationStore
{
    /// <summary>The largest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 100;

    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task<bool> AddAsync(InAppNotification notification, IReadOnlyList<OutboxMessage> followUps, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        var insert = session.Command(transaction.GetDbTransaction());
        var created = DateTime.SpecifyKind(notification.CreatedAt == default ? now : notification.CreatedAt, DateTimeKind.Utc);
        insert.Append("INSERT INTO notifications (user_id, event, title, body, link, record_id, outbox_id, created_at) VALUES (")
            .Append($"{insert.Param(notification.UserId)}, {insert.Param(OutboxWrites.Cut(notification.Event, 63)!)}, ")
            .Append($"{insert.Param(OutboxWrites.Cut(notification.Title, 300)!)}, {insert.Param(notification.Body)}, ")
            .Append($"{insert.Param(OutboxWrites.Cut(notification.Link, 2000))}, {insert.Param(notification.RecordId)}, ")
            .Append($"{insert.Param(notification.OutboxId)}, {insert.Param(created)}) ")
            .Append("ON CONFLICT (outbox_id, user_id) DO NOTHING RETURNING id");
        var id = await insert.Build().ExecuteScalarAsync(cancellationToken);
        if (id is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        if (followUps.Count > 0)
        {
            var outbox = session.Command(transaction.GetDbTransaction());
            OutboxWrites.Insert(outbox, followUps, now);
            OutboxWrites.Announce(_dialect, outbox);
            await outbox.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<NotificationPage> ListAsync(string userId, bool unreadOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var listed = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = unreadOnly ? unread : await listed.CountAsync(cancellationToken);
        var rows = await listed.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new NotificationPage(rows.Select(ToNotification).ToList(), page, pageSize, total, unread);
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
    }

    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Already read counts as found: marking twice is not an error, another user's id is.
        if (!await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == userId, cancellationToken)) return false;
        await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return true;
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private static InAppNotification ToNotification(NotificationRow row) => new(row.UserId, row.Event, row.Title, row.Body)
    {
        Id = row.Id,
        Link = row.Link,
        RecordId = row.RecordId,
        OutboxId = row.OutboxId,
        CreatedAt = DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc),
        ReadAt = row.ReadAt is { } read ? DateTime.SpecifyKind(read, DateTimeKind.Utc) : null,
    };
}
