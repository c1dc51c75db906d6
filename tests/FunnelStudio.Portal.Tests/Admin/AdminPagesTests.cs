using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Admin;

/// <summary>/admin/users and /admin/audit: for admins, in English and Chinese; forbidden to everyone else.</summary>
public abstract partial class AdminPagesTests(PortalServer server)
{
    [Theory]
    [InlineData("en", "Users", "Sales manager", "Audit log", "New user")]
    [InlineData("zh-CN", "用户", "销售经理", "审计日志", "新建用户")]
    public async Task AdminPages_RenderForAnAdmin_InTheirLanguage(string language, string users, string managerRole, string audit, string newUser)
    {
        using var client = await server.CookieClientAsync(TestUsers.Admin, language: language);

        var list = await client.GetStringAsync("/admin/users");
        var create = await client.GetStringAsync("/admin/users/new");
        var log = await client.GetStringAsync("/admin/audit");
        var home = await client.GetStringAsync("/o/deal");

        Assert.Contains($"<h1 class=\"h3 mb-0 me-auto\">{users}</h1>", list);
        Assert.Contains($"<title>{users} · FunnelStudio</title>", list);
        Assert.Contains("admin@funnelstudio.local", list);
        Assert.Contains(managerRole, list);
        Assert.Contains(newUser, create);
        Assert.Contains($"value=\"rep\"", create);
        Assert.Contains(audit, log);
        Assert.Contains("id=\"fs-admin-link\"", home);
        foreach (var html in new[] { list, create, log }) AssertNoInlineScript(html);
        var links = UserLink().Matches(list);
        Assert.True(links.Count >= 5, "the list links each user's page");
        var edit = await client.GetStringAsync(links[0].Groups["url"].Value);
        Assert.Contains("name=\"ReassignTo\"", edit);
        AssertNoInlineScript(edit);
    }

    [Fact]
    public async Task AdminPages_ForARep_AreForbidden_AndTheNavbarHasNoAdminLink()
    {
        using var rep = await server.CookieClientAsync("rep@funnelstudio.local");

        var list = await rep.GetAsync("/admin/users");
        var home = await rep.GetStringAsync("/o/deal");

        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        var denied = list.Headers.Location!;
        Assert.Equal("/Account/AccessDenied", denied.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(denied)).StatusCode);
        foreach (var url in new[] { "/admin/users/new", "/admin/audit", "/admin" })
            Assert.Equal("/Account/AccessDenied", (await rep.GetAsync(url)).Headers.Location?.AbsolutePath);
        Assert.DoesNotContain("fs-admin-link", home);
    }

    [Fact]
    public async Task NewUserPage_CreatesTheUser_OrShowsEveryProblem()
    {
        using var client = await server.CookieClientAsync(TestUsers.Admin);
        var email = TestUsers.UniqueEmail("paged");

        var refused = await client.PostFormAsync("/admin/users/new", "/admin/users/new",
            [KeyValuePair.Create("Input.Email", email), KeyValuePair.Create("Input.Password", "short")]);
        var created = await client.PostFormAsync("/admin/users/new", "/admin/users/new",
        [
            KeyValuePair.Create("Input.Email", email), KeyValuePair.Create("Input.DisplayName", "页面 User"),
            KeyValuePair.Create("Input.Password", TestUsers.Password), KeyValuePair.Create("Input.Roles", "rep"), KeyValuePair.Create("Input.Roles", "finance"),
        ]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Choose at least one role.", errors);
        Assert.Contains("The password does not meet the rules", errors);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var userPage = await client.GetStringAsync(created.Headers.Location!.OriginalString);
        Assert.Contains($"User {email} created.", userPage);
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = (await (await admin.GetAsync($"{TestUsers.Url}?q={email}")).AssertOkAsync()).GetProperty("items")[0];
        Assert.Equal(["finance", "rep"], user.Roles());
        Assert.Equal("页面 User", user.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task EditUserPage_SavesRolesAndManager_AndRefusesACycle()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var boss = await TestUsers.CreateAsync(admin, "boss", ["manager"]);
        var worker = await TestUsers.CreateAsync(admin, "worker", ["rep"], boss.Id());
        using var client = await server.CookieClientAsync(TestUsers.Admin);
        var bossUrl = $"/admin/users/{boss.Id()}";

        var cycle = await client.PostFormAsync(bossUrl, $"{bossUrl}?handler=Save",
            [KeyValuePair.Create("Input.DisplayName", "boss"), KeyValuePair.Create("Input.Roles", "manager"), KeyValuePair.Create("Input.ManagerId", worker.Id())]);
        var saved = await client.PostFormAsync(bossUrl, $"{bossUrl}?handler=Save",
            [KeyValuePair.Create("Input.DisplayName", "老板 Boss"), KeyValuePair.Create("Input.Roles", "manager"), KeyValuePair.Create("Input.Roles", "finance")]);

        Assert.Equal(HttpStatusCode.OK, cycle.StatusCode);
        Assert.Contains("This manager reports to the user, directly or through others", await cycle.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await (await admin.GetAsync(boss.UserUrl())).AssertOkAsync();
        Assert.Equal(["finance", "manager"], after.Roles());
        Assert.Equal("老板 Boss", after.GetProperty("displayName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("managerId").ValueKind);
    }

    [Fact]
    public async Task EditUserPage_ResetsThePassword()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = await TestUsers.CreateAsync(admin, "reset", ["rep"]);
        using var client = await server.CookieClientAsync(TestUsers.Admin);
        var url = $"/admin/users/{user.Id()}";

        var response = await client.PostFormAsync(url, $"{url}?handler=Password", [KeyValuePair.Create("NewPassword", "Page-Reset-2026!")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("The new password is set.", await client.GetStringAsync(url));
        using var signedIn = await server.BearerClientAsync(user.Email(), "Page-Reset-2026!");
        await (await signedIn.GetAsync("/api/v1/objects")).AssertOkAsync();
    }

    [Fact]
    public async Task UsersPage_SearchesAndPages()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var tag = "many" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 27; i++) await TestUsers.CreateAsync(admin, tag, ["rep"], displayName: $"{tag} {i:00}");
        using var client = await server.CookieClientAsync(TestUsers.Admin);

        var first = await client.GetStringAsync($"/admin/users?q={tag}");
        var second = await client.GetStringAsync($"/admin/users?q={tag}&page=2");

        Assert.Contains("1–25 of 27", first);
        Assert.Equal(25, UserRow().Matches(first).Count);
        Assert.Contains("26–27 of 27", second);
        Assert.Equal(2, UserRow().Matches(second).Count);
        Assert.DoesNotContain("admin@funnelstudio.local", first);
    }

    [Fact]
    public async Task UserChanges_AreAudited_WithoutThePassword_AndListedNewestFirst()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var boss = await TestUsers.CreateAsync(admin, "auditboss", ["manager"]);
        var user = await TestUsers.CreateAsync(admin, "audited", ["rep"]);
        (await admin.PatchJsonAsync(user.UserUrl(), new { roles = new[] { "rep", "finance" } })).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync(user.UserUrl(), new { managerId = boss.Id() })).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync(user.UserUrl(), new { password = "Secret-Audit-77!" })).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync(user.UserUrl(), new { active = false })).EnsureSuccessStatusCode();
        using var client = await server.CookieClientAsync(TestUsers.Admin);

        var html = await client.GetStringAsync($"/admin/audit?target={user.Id()}");
        var deactivations = await client.GetStringAsync($"/admin/audit?action=user.deactivated");

        var actions = AuditRow().Matches(html).Select(m => m.Groups["action"].Value).ToList();
        Assert.Equal(["user.deactivated", "user.password_reset", "user.manager_changed", "user.roles_changed", "user.created"], actions);
        Assert.All(AuditRow().Matches(html), m => Assert.Equal(user.Id(), m.Groups["target"].Value));
        Assert.DoesNotContain("Secret-Audit-77!", html);
        Assert.Contains("Roles changed", html);
        Assert.Contains("[&quot;rep&quot;] → [&quot;finance&quot;,&quot;rep&quot;]", html);
        // The manager change names the manager, not their id.
        Assert.Contains("— → &quot;auditboss&quot;", html);
        Assert.Contains("系统管理员 Admin", html);
        Assert.All(AuditRow().Matches(deactivations), m => Assert.Equal("user.deactivated", m.Groups["action"].Value));
        Assert.Contains(AuditRow().Matches(deactivations), m => m.Groups["target"].Value == user.Id());
    }

    private static void AssertNoInlineScript(string html)
    {
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.All(Regex.Matches(html, "<script[^>]*>"), m => Assert.Contains(" src=", m.Value));
    }

    [GeneratedRegex("href=\"(?<url>/admin/users/[0-9a-f-]{36})\"")]
    private static partial Regex UserLink();

    [GeneratedRegex("<tr class=\"fs-user-row\"")]
    private static partial Regex UserRow();

    [GeneratedRegex("<tr class=\"fs-audit-row\" data-action=\"(?<action>[a-z._]+)\" data-target-id=\"(?<target>[^\"]*)\"")]
    private static partial Regex AuditRow();

    [GeneratedRegex("\\son[a-z]+=\"", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}

public sealed class AdminPagesOnSqlite(SqlitePortal server) : AdminPagesTests(server), IClassFixture<SqlitePortal>;

public sealed class AdminPagesOnPostgres(PostgresPortal server) : AdminPagesTests(server), IClassFixture<PostgresPortal>;
