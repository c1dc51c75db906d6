using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Notifications;

public sealed class SqliteNotificationsPageTests(SqliteNotificationsPortal server) : NotificationsPageTests(server), IClassFixture<SqliteNotificationsPortal>;

public sealed class PostgresNotificationsPageTests(PostgresNotificationsPortal server) : NotificationsPageTests(server), IClassFixture<PostgresNotificationsPortal>;

/// <summary>The bell and <c>/notifications</c>: unread count, the list, mark one and all read with antiforgery, both languages.</summary>
public abstract class NotificationsPageTests(NotificationsPortal server)
{
    private async Task<(string Id, string Email)> UserAsync()
    {
        var email = TestUsers.UniqueEmail("bell");
        return (await server.CreateUserAsync(email, "Bell " + email[5..13], "rep"), email);
    }

    [Fact]
    public async Task Bell_ShowsTheUnreadCount_AndThePageListsThemUnreadFirstMarked()
    {
        var (me, email) = await UserAsync();
        await server.NotifyAsync("Discount <b>30%</b>", me);
        await server.NotifyAsync("Second", me);
        await server.InboxAsync(me, 2);
        using var client = await server.CookieClientAsync(email, language: "zh-CN");

        var home = await client.GetStringAsync("/o/account");
        var page = await client.GetStringAsync("/notifications");

        Assert.Contains("id=\"fs-bell\"", home);
        Assert.Contains("id=\"fs-bell-count\">2<", home);
        Assert.Contains("2 条未读通知", home);
        Assert.Contains("<h1 class=\"h3 mb-0 me-auto\">通知</h1>", page);
        Assert.Equal(2, CountOf(page, "fs-unread"));
        // The values the renderer escaped stay escaped: no markup from a value reaches the page.
        Assert.Contains("approval.flow_label=Discount &lt;b&gt;30%&lt;/b&gt;", page);
        Assert.DoesNotContain("<b>30%</b>", page);
        Assert.Contains("href=\"/approvals/1\"", page);
    }

    [Fact]
    public async Task MarkOneAndAllRead_ThroughTheForms_UpdateTheBell()
    {
        var (me, email) = await UserAsync();
        await server.NotifyAsync("one", me);
        await server.NotifyAsync("two", me);
        await server.NotifyAsync("three", me);
        var inbox = await server.InboxAsync(me, 3);
        using var client = await server.CookieClientAsync(email);
        var id = inbox.Items[0].Id;

        var one = await client.PostFormAsync("/notifications", $"/notifications?id={id}&handler=Read", []);
        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.Equal("/notifications", one.Headers.Location!.OriginalString);
        var afterOne = await client.GetStringAsync("/notifications");
        Assert.Contains("id=\"fs-bell-count\">2<", afterOne);
        Assert.Equal(2, CountOf(afterOne, "fs-unread"));

        var all = await client.PostFormAsync("/notifications", "/notifications?handler=ReadAll", []);
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        var afterAll = await client.GetStringAsync("/notifications");
        Assert.DoesNotContain("id=\"fs-bell-count\"", afterAll);
        Assert.Equal(0, CountOf(afterAll, "fs-unread"));
        Assert.Equal(3, CountOf(afterAll, "class=\"list-group-item fs-notification\""));
    }

    [Fact]
    public async Task Forms_WithoutTheAntiforgeryToken_AreRefused_AndChangeNothing()
    {
        var (me, email) = await UserAsync();
        await server.NotifyAsync("csrf", me);
        var id = (await server.InboxAsync(me, 1)).Items[0].Id;
        using var client = await server.CookieClientAsync(email);

        var one = await client.PostAsync($"/notifications?id={id}&handler=Read", new FormUrlEncodedContent([]));
        var all = await client.PostAsync("/notifications?handler=ReadAll", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        Assert.Equal(1, (await server.InboxAsync(me, 1)).Unread);
    }

    [Fact]
    public async Task MarkRead_OfAnotherUsersNotification_IsNotFound()
    {
        var (other, _) = await UserAsync();
        var (_, email) = await UserAsync();
        await server.NotifyAsync("not yours", other);
        var id = (await server.InboxAsync(other, 1)).Items[0].Id;
        using var client = await server.CookieClientAsync(email);

        var posted = await client.PostFormAsync("/notifications", $"/notifications?id={id}&handler=Read", []);

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(1, (await server.InboxAsync(other, 1)).Unread);
    }

    [Fact]
    public async Task Page_IsPaged_WithTwentyAPage()
    {
        var (me, email) = await UserAsync();
        for (var i = 0; i < 21; i++) await server.NotifyAsync($"n{i}", me);
        await server.InboxAsync(me, 21);
        using var client = await server.CookieClientAsync(email);

        var first = await client.GetStringAsync("/notifications");
        var second = await client.GetStringAsync("/notifications?p=2");

        Assert.Equal(20, CountOf(first, "data-id="));
        Assert.Contains("Page 1 of 2", first);
        Assert.Equal(1, CountOf(second, "data-id="));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
