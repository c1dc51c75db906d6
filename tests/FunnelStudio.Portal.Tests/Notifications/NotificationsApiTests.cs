using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Notifications;

public sealed class SqliteNotificationsApiTests(SqliteNotificationsPortal server) : NotificationsApiTests(server), IClassFixture<SqliteNotificationsPortal>;

public sealed class PostgresNotificationsApiTests(PostgresNotificationsPortal server) : NotificationsApiTests(server), IClassFixture<PostgresNotificationsPortal>;

/// <summary>
/// <c>/api/v1/notifications</c> over real HTTP: the caller's own notifications only, newest first,
/// unread filter and paging, marking read — another user's notification is 404 — and a deal moved to
/// won reaching its owner's manager through the save, the outbox and the inbox.
/// </summary>
public abstract class NotificationsApiTests(NotificationsPortal server)
{
    private const string Url = "/api/v1/notifications";

    private async Task<(string Id, string Email)> UserAsync(string role = "rep", string? manager = null)
    {
        var email = TestUsers.UniqueEmail("inbox");
        return (await server.CreateUserAsync(email, "Inbox " + email[6..14], role, manager), email);
    }

    [Fact]
    public async Task List_GivesTheCallersNotificationsNewestFirst_WithUnreadAndPaging()
    {
        var (me, email) = await UserAsync();
        var (other, _) = await UserAsync();
        await server.NotifyAsync("first", me, other);
        await server.InboxAsync(me, 1);
        await server.NotifyAsync("second", me);
        await server.InboxAsync(me, 2);
        using var api = await server.SignInAsync(email);

        var all = await (await api.GetAsync(Url)).AssertOkAsync();
        var items = all.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal((2, 2), (all.GetProperty("total").GetInt32(), all.GetProperty("unread").GetInt32()));
        Assert.Contains("approval.flow_label=second", items[0].GetProperty("body").GetString());
        Assert.Contains("approval.flow_label=first", items[1].GetProperty("body").GetString());
        Assert.Equal("/approvals/1", items[0].GetProperty("link").GetString());
        Assert.Contains("link=https://crm.example.com/approvals/1", items[0].GetProperty("body").GetString());
        Assert.StartsWith("approval_requested:", items[0].GetProperty("title").GetString());
        Assert.False(items[0].GetProperty("read").GetBoolean());

        var paged = await (await api.GetAsync($"{Url}?page=2&pageSize=1")).AssertOkAsync();
        Assert.Contains("first", Assert.Single(paged.GetProperty("items").EnumerateArray()).GetProperty("body").GetString());
        await (await api.GetAsync($"{Url}?page=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await api.GetAsync($"{Url}?unread=maybe")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task MarkRead_OfTheCallersNotification_Works_AndAnotherUsersIsNotFound()
    {
        var (me, email) = await UserAsync();
        var (other, otherEmail) = await UserAsync();
        await server.NotifyAsync("mine", me, other);
        var mine = (await server.InboxAsync(me, 1)).Items[0].Id;
        var theirs = (await server.InboxAsync(other, 1)).Items[0].Id;
        using var api = await server.SignInAsync(email);

        await (await api.PostJsonAsync($"{Url}/{theirs}/read", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.PostJsonAsync($"{Url}/999999999/read", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.PostAsync($"{Url}/{mine}/read", null)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        var read = await api.PostJsonAsync($"{Url}/{mine}/read", new { });

        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        var unread = await (await api.GetAsync($"{Url}?unread=true")).AssertOkAsync();
        Assert.Equal(0, unread.GetProperty("total").GetInt32());
        using var otherApi = await server.SignInAsync(otherEmail);
        var theirsStill = await (await otherApi.GetAsync($"{Url}?unread=true")).AssertOkAsync();
        Assert.Equal(1, theirsStill.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task ReadAll_MarksEveryUnreadNotificationOfTheCaller()
    {
        var (me, email) = await UserAsync();
        await server.NotifyAsync("a", me);
        await server.NotifyAsync("b", me);
        await server.InboxAsync(me, 2);
        using var api = await server.SignInAsync(email);

        var marked = await (await api.PostJsonAsync($"{Url}/read-all", new { })).AssertOkAsync();

        Assert.Equal(2, marked.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await (await api.GetAsync(Url)).AssertOkAsync()).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task DealMovedToWon_NotifiesTheOwnersManager()
    {
        var (manager, managerEmail) = await UserAsync("manager");
        var (rep, _) = await UserAsync("rep", managerEmail);
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var name = Deals.Unique("Won deal");
        var (deal, _) = await Deals.CreateAsync(admin, new
        {
            name, owner = rep, source = "referral", first_contact_at = "2026-05-01T10:00:00Z", icp_fit = true, need_confirmed = true,
            willing_to_talk = true, amount = 12000, close_date = "2026-12-31", budget_confirmed = true, decision_maker = "CFO",
            timeline = "Q4", demo_scheduled_at = "2026-06-01T10:00:00Z", demo_done = true, decision_maker_feedback = "positive",
            contract_signed = true, payment_confirmed = true,
        });

        await (await admin.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "won" })).AssertOkAsync();

        var inbox = await server.InboxAsync(manager, 1);
        var note = Assert.Single(inbox.Items);
        Assert.Equal(("stage.changed", $"/o/deal/{deal.Id()}"), (note.Event, note.Link));
        Assert.Contains($"name={name}", note.Body);
        Assert.Contains("stage.to=won", note.Body);
        Assert.Empty((await server.InboxAsync(rep, 0)).Items);
    }

    [Fact]
    public async Task Openapi_DescribesTheNotificationEndpoints()
    {
        using var client = server.Anonymous();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/v1/notifications\"", document);
        Assert.Contains("\"/api/v1/notifications/{id}/read\"", document);
        Assert.Contains("\"/api/v1/notifications/read-all\"", document);
    }
}
