using FunnelStudio.Approvals;
using FunnelStudio.Notifications;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>A portal on b2b-saas delivering its outbox at once, with the real templates.</summary>
public abstract class ApprovalInboxPortal(DatabaseProvider database) : PortalServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("FunnelStudio:Outbox:PollInterval", "00:00:00.050")];

    /// <summary>The user's inbox once it holds a notification of <paramref name="event"/> (waits up to 10 s).</summary>
    public async Task<InAppNotification?> WaitForAsync(string userId, string @event, Func<InAppNotification, bool> about)
    {
        var store = Services.GetRequiredService<INotificationStore>();
        for (var i = 0; i < 200; i++)
        {
            var page = await store.ListAsync(userId, false, 1, 100, CancellationToken.None);
            if (page.Items.FirstOrDefault(n => n.Event == @event && about(n)) is { } found) return found;
            await Task.Delay(50);
        }
        return null;
    }
}

public sealed class SqliteApprovalInboxPortal() : ApprovalInboxPortal(new SqliteDatabase());

public sealed class PostgresApprovalInboxPortal() : ApprovalInboxPortal(new PostgresDatabase());

public sealed class ApprovalNotificationOnSqlite(SqliteApprovalInboxPortal server) : ApprovalNotificationTests(server), IClassFixture<SqliteApprovalInboxPortal>;

public sealed class ApprovalNotificationOnPostgres(PostgresApprovalInboxPortal server) : ApprovalNotificationTests(server), IClassFixture<PostgresApprovalInboxPortal>;

/// <summary>
/// b2b-saas's approval events reach people through the outbox, rendered from the package's own
/// templates: the manager is asked, and the rep hears the decision.
/// </summary>
public abstract class ApprovalNotificationTests(ApprovalInboxPortal server)
{
    private readonly ApprovalKit _kit = new(server);

    [Fact]
    public async Task ARequest_AsksTheManagerInTheirInbox_AndTheDecisionReachesTheSubmitter()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 30);
        var request = await _kit.PendingAsync(rep, deal.Id);
        var name = deal.Values.GetString("name")!;

        var asked = await server.WaitForAsync(manager.Id, "approval.requested", n => n.Link == $"/approvals/{request.Id}");
        Assert.NotNull(asked);
        // The package's default language is zh-CN; the first line of the template is the title.
        Assert.Equal($"待审批：折扣审批 · {name}", asked!.Title);
        Assert.DoesNotContain("<script", asked.Body);

        Assert.Equal(ApprovalOutcomeStatus.Done, (await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve, "同意 <b>OK</b>")).Status);
        var decided = await server.WaitForAsync(rep.Id, "approval.decided", n => n.Link == $"/approvals/{request.Id}");
        Assert.NotNull(decided);
        Assert.Contains(name, decided!.Title);
        // The approver's comment is a value: escaped, never markup.
        Assert.Contains("&lt;b&gt;OK&lt;/b&gt;", decided.Body);
    }
}
