using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Notifications;
using FunnelStudio.Notifications.Email;
using FunnelStudio.Outbox;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Notifications;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Storage.Tests.Outbox;
using FunnelStudio.Tests.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Notifications;

public sealed class SqliteNotificationDeliveryTests(SqliteDatabase database) : NotificationDeliveryTests<SqliteDatabase>(database);

public sealed class PostgresNotificationDeliveryTests(PostgresDatabase database) : NotificationDeliveryTests<PostgresDatabase>(database);

/// <summary>
/// A <c>notify</c> message through the real outbox: in-app rows per recipient, an email per
/// recipient with an address to a real SMTP server on loopback, nothing twice on redelivery, and a
/// refusing SMTP server retried until the email is a dead letter.
/// </summary>
public abstract class NotificationDeliveryTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    private static readonly Lazy<CompiledPackage> Package = new(() =>
        PackageLoader.Load(TestSupport.RepositoryPaths.SamplePackage("b2b-saas")).Package ?? throw new InvalidOperationException("b2b-saas does not load."));

    private static readonly OutboxOptions Options = new()
    {
        MaxAttempts = 3, BackoffBase = TimeSpan.FromSeconds(10), BackoffCap = TimeSpan.FromSeconds(10), Lease = TimeSpan.FromMinutes(1),
        HandlerTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly ManualClock _clock = new();
    private readonly TestTemplateRenderer _renderer = new();
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync()
    {
        await OutboxKit.ClearAsync(database);
        _smtp = await SmtpSink.StartAsync();
    }

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private EfOutboxStore Outbox => OutboxKit.Store(database, _clock);

    private EfNotificationStore Inbox => new(database.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(),
        database.Services.GetRequiredService<FunnelStudioStorageOptions>(), _clock);

    private EmailChannel Email => new(new EmailOptions { Host = "127.0.0.1", Port = _smtp.Port, From = "FunnelStudio <crm@example.com>", TimeoutSeconds = 10 });

    private NotificationHandler Notify(DirectoryUser[] users) => new(new FixedRuntime(Package.Value), database.Store, new StaticDirectory(users),
        _renderer, Inbox, [Email], new NotificationOptions { PublicUrl = new Uri("https://crm.example.com") }, _clock);

    private OutboxDispatcher Dispatcher(params DirectoryUser[] users) =>
        OutboxKit.Dispatcher(Outbox, _clock, Options, Notify(users), new ChannelDeliveryHandler([Email]));

    private async Task<long> EnqueueAsync(Guid record, params string[] to)
    {
        var request = new NotificationRequest("deal_won", "stage.changed", to)
        {
            RecordId = record, Link = "/approvals/7", Values = new Dictionary<string, string?> { ["approval.flow_label"] = "Discount <50%>" },
        };
        await Outbox.EnqueueAsync([request.ToMessage()], CancellationToken.None);
        return (await OutboxKit.OfAsync(Outbox, record)).Single(m => m.Kind == NotificationRequest.Kind).Id;
    }

    private static DirectoryUser UserWithEmail(string id, string? email) => new(id, $"Name {id}", email, true, null, []);

    [Fact]
    public async Task Notify_StoresAnInAppRowPerRecipient_AndEmailsThoseWithAnAddress_ThroughARealSmtpServer()
    {
        var (mailed, inAppOnly) = ("u-" + Guid.NewGuid().ToString("N")[..10], "u-" + Guid.NewGuid().ToString("N")[..10]);
        var record = Guid.NewGuid();
        var dispatcher = Dispatcher(UserWithEmail(mailed, "mia@example.com"), UserWithEmail(inAppOnly, null));
        await EnqueueAsync(record, mailed, inAppOnly);

        var fanOut = await dispatcher.DispatchAsync(CancellationToken.None);
        var emails = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(1, fanOut.Delivered);
        Assert.Equal(1, emails.Delivered);
        Assert.Equal(1, await Inbox.UnreadCountAsync(mailed, CancellationToken.None));
        Assert.Equal(1, await Inbox.UnreadCountAsync(inAppOnly, CancellationToken.None));
        var (to, message) = Assert.Single(_smtp.Received);
        Assert.Equal(["mia@example.com"], to);
        Assert.Equal("mia@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal($"Name {mailed}", message.To.Mailboxes.Single().Name);
        Assert.Equal("crm@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal($"deal_won:   for Name {mailed}", message.Subject);
        Assert.Contains("<p>approval.flow_label=Discount &lt;50%&gt;</p>", message.HtmlBody);
        Assert.Contains("link=https://crm.example.com/approvals/7", message.HtmlBody);
        Assert.All(await OutboxKit.OfAsync(Outbox, record), m => Assert.Equal(OutboxStatus.Done, m.Status));
    }

    [Fact]
    public async Task NotifyDeliveredAgain_AddsNoRow_AndSendsNoSecondEmail()
    {
        var user = "u-" + Guid.NewGuid().ToString("N")[..10];
        var record = Guid.NewGuid();
        DirectoryUser[] users = [UserWithEmail(user, "again@example.com")];
        var dispatcher = Dispatcher(users);
        var id = await EnqueueAsync(record, user);
        await dispatcher.DispatchAsync(CancellationToken.None);
        await dispatcher.DispatchAsync(CancellationToken.None);

        // The same message handled once more, as after an instance died before recording the delivery.
        await Notify(users).HandleAsync((await Outbox.FindAsync(id, CancellationToken.None))!, CancellationToken.None);
        var after = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(OutboxBatch.None, after);
        Assert.Equal(1, (await Inbox.ListAsync(user, false, 1, 10, CancellationToken.None)).Total);
        Assert.Single(_smtp.Received);
        Assert.Equal(2, (await OutboxKit.OfAsync(Outbox, record)).Count);
    }

    [Fact]
    public async Task RefusingSmtpServer_RetriesTheEmail_ThenMakesItADeadLetter_AndTheInboxKeepsItsRow()
    {
        var user = "u-" + Guid.NewGuid().ToString("N")[..10];
        var record = Guid.NewGuid();
        var dispatcher = Dispatcher(UserWithEmail(user, "refused@example.com"));
        await EnqueueAsync(record, user);
        _smtp.Refuse = true;

        await dispatcher.DispatchAsync(CancellationToken.None);
        var first = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var third = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Retrying, first.Dead));
        Assert.Equal((1, 0), (second.Retrying, second.Dead));
        Assert.Equal((0, 1), (third.Retrying, third.Dead));
        var email = (await OutboxKit.OfAsync(Outbox, record)).Single(m => m.Kind == ChannelDelivery.Kind);
        Assert.Equal((OutboxStatus.Dead, 3), (email.Status, email.Attempts));
        Assert.Contains("SmtpCommandException", email.LastError);
        Assert.Empty(_smtp.Received);
        Assert.Equal(1, await Inbox.UnreadCountAsync(user, CancellationToken.None));
    }

    private sealed class FixedRuntime(CompiledPackage package) : IPackageRuntime
    {
        public CompiledPackage Current => package;
        public long VersionId => 1;
        public Task<bool> LoadPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken) => throw new NotSupportedException();
        public IDisposable Pin() => throw new NotSupportedException();
        public void Activate(CompiledPackage package, long versionId) => throw new NotSupportedException();
    }

    private sealed class StaticDirectory(IReadOnlyList<DirectoryUser> users) : IUserDirectory
    {
        public ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken) => ValueTask.FromResult(users);
        public ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(users.FirstOrDefault(u => u.Id == id));
        public void Invalidate()
        {
        }
    }
}
