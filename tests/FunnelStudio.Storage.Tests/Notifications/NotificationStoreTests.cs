using FunnelStudio.Notifications;
using FunnelStudio.Storage.Notifications;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Storage.Tests.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Notifications;

public sealed class SqliteNotificationStoreTests(SqliteDatabase database) : NotificationStoreTests<SqliteDatabase>(database);

public sealed class PostgresNotificationStoreTests(PostgresDatabase database) : NotificationStoreTests<PostgresDatabase>(database);

/// <summary>The in-app inbox: one row per outbox message and user, follow-ups written only with it, and every query one user's.</summary>
public abstract class NotificationStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StorageDatabase
{
    private readonly ManualClock _clock = new();

    private EfNotificationStore Store => new(database.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(),
        database.Services.GetRequiredService<FunnelStudioStorageOptions>(), _clock);

    private static string User() => "u-" + Guid.NewGuid().ToString("N")[..12];

    private static InAppNotification Note(string user, long? outboxId, string title = "Deal won: 中文 <b>") =>
        new(user, "stage.changed", title, "<p>Body</p>") { OutboxId = outboxId, Link = "/o/deal/1", RecordId = Guid.NewGuid() };

    [Fact]
    public async Task Add_TheSameMessageForTheSameUserTwice_StoresOneRow_AndItsFollowUpsOnce()
    {
        var user = User();
        var outboxId = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);
        var record = Guid.NewGuid();
        var followUp = new ChannelDelivery("email", user, "U", "u@example.com", "T", "B") { RecordId = record }.ToMessage();

        var first = await Store.AddAsync(Note(user, outboxId), [followUp], CancellationToken.None);
        var second = await Store.AddAsync(Note(user, outboxId, "again"), [followUp], CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        var page = await Store.ListAsync(user, unreadOnly: false, 1, 20, CancellationToken.None);
        var stored = Assert.Single(page.Items);
        Assert.Equal(("Deal won: 中文 <b>", "<p>Body</p>", "/o/deal/1", outboxId), (stored.Title, stored.Body, stored.Link, stored.OutboxId));
        var messages = await OutboxKit.OfAsync(OutboxKit.Store(database, _clock), record);
        Assert.Equal(ChannelDelivery.Kind, Assert.Single(messages).Kind);
    }

    [Fact]
    public async Task List_IsNewestFirstAndPaged_AndUnreadFiltersAndCounts()
    {
        var user = User();
        for (var i = 1; i <= 5; i++)
        {
            await Store.AddAsync(Note(user, null, $"n{i}") with { CreatedAt = _clock.UtcNow }, [], CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        var all = await Store.ListAsync(user, false, 1, 2, CancellationToken.None);
        await Store.MarkReadAsync(user, all.Items[0].Id, CancellationToken.None);

        var second = await Store.ListAsync(user, false, 2, 2, CancellationToken.None);
        var unread = await Store.ListAsync(user, true, 1, 10, CancellationToken.None);

        Assert.Equal(["n5", "n4"], all.Items.Select(n => n.Title));
        Assert.Equal((5, 3), (all.Total, all.Pages));
        Assert.Equal(["n3", "n2"], second.Items.Select(n => n.Title));
        Assert.Equal(["n4", "n3", "n2", "n1"], unread.Items.Select(n => n.Title));
        Assert.Equal((4, 4), (unread.Total, unread.Unread));
        Assert.Equal(4, await Store.UnreadCountAsync(user, CancellationToken.None));
    }

    [Fact]
    public async Task MarkRead_OfAnotherUsersNotification_IsNotFound_AndChangesNothing()
    {
        var (owner, other) = (User(), User());
        await Store.AddAsync(Note(owner, null), [], CancellationToken.None);
        var id = (await Store.ListAsync(owner, false, 1, 1, CancellationToken.None)).Items[0].Id;

        Assert.False(await Store.MarkReadAsync(other, id, CancellationToken.None));
        Assert.Equal(0, await Store.MarkAllReadAsync(other, CancellationToken.None));
        Assert.Equal(1, await Store.UnreadCountAsync(owner, CancellationToken.None));
        Assert.True(await Store.MarkReadAsync(owner, id, CancellationToken.None));
        Assert.True(await Store.MarkReadAsync(owner, id, CancellationToken.None));
        Assert.Equal(0, await Store.UnreadCountAsync(owner, CancellationToken.None));
    }

    [Fact]
    public async Task MarkAllRead_MarksOnlyTheUsersUnreadOnes()
    {
        var (user, other) = (User(), User());
        await Store.AddAsync(Note(user, null), [], CancellationToken.None);
        await Store.AddAsync(Note(user, null), [], CancellationToken.None);
        await Store.AddAsync(Note(other, null), [], CancellationToken.None);

        Assert.Equal(2, await Store.MarkAllReadAsync(user, CancellationToken.None));
        Assert.Equal(0, await Store.UnreadCountAsync(user, CancellationToken.None));
        Assert.Equal(1, await Store.UnreadCountAsync(other, CancellationToken.None));
        Assert.All((await Store.ListAsync(user, false, 1, 10, CancellationToken.None)).Items, n => Assert.Equal(_clock.UtcNow, n.ReadAt));
    }
}
