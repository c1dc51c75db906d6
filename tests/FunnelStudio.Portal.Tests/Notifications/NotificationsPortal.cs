using FunnelStudio.Notifications;
using FunnelStudio.Outbox;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Templates;
using FunnelStudio.Tests.Templates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Notifications;

public sealed class SqliteNotificationsPortal() : NotificationsPortal(new SqliteDatabase());

public sealed class PostgresNotificationsPortal() : NotificationsPortal(new PostgresDatabase());

/// <summary>
/// A portal delivering its outbox at once, rendering with the test renderer, and with a public URL:
/// notifications reach the inbox moments after the save that caused them.
/// </summary>
public abstract class NotificationsPortal(DatabaseProvider database) : PortalServer(database)
{
    public TestTemplateRenderer Renderer { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("FunnelStudio:Outbox:PollInterval", "00:00:00.050"),
        new("FunnelStudio:PublicUrl", "https://crm.example.com"),
    ];

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<ITemplateRenderer>(Renderer));

    /// <summary>Writes a notify message as a save or a decision would, for <paramref name="to"/>.</summary>
    public async Task NotifyAsync(string title, params string[] to)
    {
        var request = new NotificationRequest("approval_requested", "approval.requested", to)
        {
            Link = "/approvals/1", Values = new Dictionary<string, string?> { ["approval.flow_label"] = title },
        };
        await Services.GetRequiredService<IOutboxStore>().EnqueueAsync([request.ToMessage()], CancellationToken.None);
    }

    /// <summary>Waits until <paramref name="userId"/> has <paramref name="count"/> notifications (delivery runs in the background).</summary>
    public async Task<NotificationPage> InboxAsync(string userId, int count)
    {
        var store = Services.GetRequiredService<INotificationStore>();
        NotificationPage page = null!;
        for (var i = 0; i < 200; i++)
        {
            page = await store.ListAsync(userId, false, 1, 100, CancellationToken.None);
            if (page.Total >= count) return page;
            await Task.Delay(50);
        }
        return page;
    }
}
