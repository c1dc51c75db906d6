using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Admin;

/// <summary>/api/v1/users: admins create, list, read and change users; bad input is a problem with a stable code, never a 500.</summary>
public abstract class UsersApiTests(PortalServer server)
{
    [Fact]
    public async Task CreateUser_WithPackageRoles_Returns201WithLocation_AndTheUserSignsIn()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var email = TestUsers.UniqueEmail("New.Rep");

        var response = await admin.PostJsonAsync(TestUsers.Url, new { email, displayName = "王芳 Wang Fang", password = TestUsers.Password, roles = new[] { "rep" } });

        var created = await response.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/users/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(email, created.Email());
        Assert.Equal("王芳 Wang Fang", created.GetProperty("displayName").GetString());
        Assert.Equal(["rep"], created.Roles());
        Assert.True(created.GetProperty("active").GetBoolean());
        var read = await (await admin.GetAsync(response.Headers.Location!.OriginalString)).AssertOkAsync();
        Assert.Equal(created.Id(), read.Id());

        using var rep = await server.BearerClientAsync(email, TestUsers.Password);
        var deals = await (await rep.GetAsync(Deals.Url)).AssertOkAsync();
        Assert.Equal(0, deals.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ListUsers_SearchesNameAndEmail_AndPages()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var tag = "pager" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++) await TestUsers.CreateAsync(admin, tag, ["rep"], displayName: $"{tag} 用户 {i}");

        var byName = await (await admin.GetAsync($"{TestUsers.Url}?q={tag.ToUpperInvariant()}&pageSize=2")).AssertOkAsync();
        var second = await (await admin.GetAsync($"{TestUsers.Url}?q={tag}&pageSize=2&page=2")).AssertOkAsync();
        var byEmail = await (await admin.GetAsync($"{TestUsers.Url}?q=manager@funnelstudio")).AssertOkAsync();

        Assert.Equal(3, byName.GetProperty("total").GetInt32());
        Assert.Equal(2, byName.GetProperty("items").GetArrayLength());
        Assert.Single(second.GetProperty("items").EnumerateArray());
        var all = byName.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(u => u.Id()).ToList();
        Assert.Equal(3, all.Distinct().Count());
        var manager = Assert.Single(byEmail.GetProperty("items").EnumerateArray());
        Assert.Equal("王经理 Wang Min", manager.GetProperty("displayName").GetString());
        Assert.Equal(["manager"], manager.Roles());
    }

    [Fact]
    public async Task PatchUser_ChangesRolesManagerDisplayNameAndActive()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var lead = await TestUsers.CreateAsync(admin, "lead", ["manager"]);
        var user = await TestUsers.CreateAsync(admin, "member", ["rep"]);

        var changed = await (await admin.PatchJsonAsync(user.UserUrl(), new
        {
            roles = new[] { "rep", "finance" }, managerId = lead.Id(), displayName = "李雷 Li Lei", active = false,
        })).AssertOkAsync();

        Assert.Equal(["finance", "rep"], changed.Roles());
        Assert.Equal(lead.Id(), changed.GetProperty("managerId").GetString());
        Assert.Equal("lead", changed.GetProperty("managerName").GetString());
        Assert.Equal("李雷 Li Lei", changed.GetProperty("displayName").GetString());
        Assert.False(changed.GetProperty("active").GetBoolean());
        var cleared = await (await admin.PatchJsonAsync(user.UserUrl(), new { managerId = (string?)null, active = true })).AssertOkAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("managerId").ValueKind);
        Assert.True(cleared.GetProperty("active").GetBoolean());
        Assert.Equal(["finance", "rep"], cleared.Roles());
    }

    [Fact]
    public async Task CreateUser_WithRolesOutsideThePackage_Returns422RoleUnknown_ListingEach_AndCreatesNobody()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var email = TestUsers.UniqueEmail("nobody");

        var response = await admin.PostJsonAsync(TestUsers.Url, new { email, password = TestUsers.Password, roles = new[] { "rep", "superuser", "root" } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "ROLE_UNKNOWN");
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("ROLE_UNKNOWN", e.GetProperty("code").GetString()));
        Assert.Contains("superuser", errors[0].GetProperty("message").GetString());
        Assert.Contains("root", errors[1].GetProperty("message").GetString());
        var search = await (await admin.GetAsync($"{TestUsers.Url}?q={email}")).AssertOkAsync();
        Assert.Equal(0, search.GetProperty("total").GetInt32());
        await (await admin.PostJsonAsync(TestUsers.Url, new { email, password = TestUsers.Password, roles = Array.Empty<string>() }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "ROLE_REQUIRED");
    }

    [Fact]
    public async Task CreateUser_WithAWeakPassword_Returns422PasswordInvalid_WithIdentitysMessages()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var response = await admin.PostJsonAsync(TestUsers.Url, new { email = TestUsers.UniqueEmail("weak"), password = "abc", roles = new[] { "rep" } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "PASSWORD_INVALID");
        var message = problem.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("Passwords must be at least 8 characters.", message);
        Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", message);
    }

    [Fact]
    public async Task CreateUser_WithATakenEmail_Returns409EmailTaken_WhateverItsCase()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var response = await admin.PostJsonAsync(TestUsers.Url, new { email = "Rep@FunnelStudio.local", password = TestUsers.Password, roles = new[] { "rep" } });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "EMAIL_TAKEN");
        await (await admin.PostJsonAsync(TestUsers.Url, new { email = "not an email", password = TestUsers.Password, roles = new[] { "rep" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "EMAIL_INVALID");
    }

    [Fact]
    public async Task CreateUser_WithAnUnknownOrDeactivatedManager_Returns422ManagerUnknown()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var gone = await TestUsers.CreateAsync(admin, "gone", ["manager"]);
        (await admin.PatchJsonAsync(gone.UserUrl(), new { active = false })).EnsureSuccessStatusCode();

        foreach (var managerId in new[] { "no-such-user", gone.Id() })
        {
            var response = await admin.PostJsonAsync(TestUsers.Url, new
            {
                email = TestUsers.UniqueEmail("orphan"), password = TestUsers.Password, roles = new[] { "rep" }, managerId,
            });
            await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "MANAGER_UNKNOWN");
        }
    }

    [Fact]
    public async Task PatchUser_ThatClosesACycleInTheManagerChain_Returns422ManagerCycle_AndChangesNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var top = await TestUsers.CreateAsync(admin, "top", ["manager"]);
        var middle = await TestUsers.CreateAsync(admin, "middle", ["manager"], top.Id());
        var bottom = await TestUsers.CreateAsync(admin, "bottom", ["rep"], middle.Id());

        var indirect = await admin.PatchJsonAsync(top.UserUrl(), new { managerId = bottom.Id(), displayName = "renamed" });
        var self = await admin.PatchJsonAsync(top.UserUrl(), new { managerId = top.Id() });

        await indirect.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "MANAGER_CYCLE");
        await self.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "MANAGER_CYCLE");
        var unchanged = await (await admin.GetAsync(top.UserUrl())).AssertOkAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unchanged.GetProperty("managerId").ValueKind);
        Assert.Equal("top", unchanged.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task UsersApi_ForARep_Returns403_AndChangesNothing()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var target = await TestUsers.CreateAsync(admin, "target", ["rep"]);

        await (await rep.GetAsync(TestUsers.Url)).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep.GetAsync(target.UserUrl())).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep.PostJsonAsync(TestUsers.Url, new { email = TestUsers.UniqueEmail("sneaky"), password = TestUsers.Password, roles = new[] { "admin" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep.PatchJsonAsync(target.UserUrl(), new { roles = new[] { "admin" } })).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(["rep"], (await (await admin.GetAsync(target.UserUrl())).AssertOkAsync()).Roles());
    }

    [Theory]
    [InlineData("POST", "{\"email\":\"x@example.com\",\"password\":\"Aa1!aaaa\",\"roles\":\"rep\"}", 400, "BAD_REQUEST")]
    [InlineData("POST", "{\"email\":42,\"password\":\"Aa1!aaaa\",\"roles\":[\"rep\"]}", 400, "BAD_REQUEST")]
    [InlineData("POST", "{\"email\":\"x@example.com\",\"roles\":[\"rep\"],\"isAdmin\":true}", 400, "BAD_REQUEST")]
    [InlineData("POST", "[1,2]", 400, "BAD_REQUEST")]
    [InlineData("POST", "{\"email\":", 400, "BAD_REQUEST")]
    [InlineData("POST", "{}", 422, "EMAIL_INVALID")]
    [InlineData("PATCH", "{}", 400, "BAD_REQUEST")]
    [InlineData("PATCH", "{\"active\":\"no\"}", 400, "BAD_REQUEST")]
    [InlineData("PATCH", "{\"roles\":[1]}", 400, "BAD_REQUEST")]
    [InlineData("PATCH", "{\"displayName\":\"bad\\u0000name\"}", 422, "DISPLAY_NAME_INVALID")]
    [InlineData("PATCH", "{\"password\":\"short\"}", 422, "PASSWORD_INVALID")]
    public async Task UsersApi_WithBadInput_AnswersAProblemWithItsCode(string method, string body, int status, string code)
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var url = TestUsers.Url;
        if (method == "PATCH") url = (await TestUsers.CreateAsync(admin, "patched", ["rep"])).UserUrl();

        var response = await admin.SendJsonAsync(new HttpMethod(method), url, body);

        await response.AssertProblemAsync((HttpStatusCode)status, code);
    }

    [Fact]
    public async Task UsersApi_ForAnUnknownUserOrBadPaging_Answers404And400()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);

        await (await admin.GetAsync($"{TestUsers.Url}/no-such-user")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.PatchJsonAsync($"{TestUsers.Url}/no-such-user", new { active = false })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.GetAsync($"{TestUsers.Url}?page=abc")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await admin.GetAsync($"{TestUsers.Url}?pageSize=500")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await admin.SendJsonAsync(HttpMethod.Post, TestUsers.Url, "email=x", contentType: "application/x-www-form-urlencoded"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }
}

public sealed class UsersApiOnSqlite(SqlitePortal server) : UsersApiTests(server), IClassFixture<SqlitePortal>;

public sealed class UsersApiOnPostgres(PostgresPortal server) : UsersApiTests(server), IClassFixture<PostgresPortal>;
