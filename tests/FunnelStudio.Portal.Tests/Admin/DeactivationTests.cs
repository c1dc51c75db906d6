using System.Net;
using System.Net.Http.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Admin;

/// <summary>
/// A deactivated user cannot sign in, and what they already hold — cookie, bearer token, refresh
/// token — stops working at once on the instance that made the change.
/// </summary>
public abstract class DeactivationTests(PortalServer server)
{
    [Fact]
    public async Task Deactivation_RefusesSignIn_AndTheExistingTokenCookieAndRefreshTokenAtOnce()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = await TestUsers.CreateAsync(admin, "leaver", ["rep"]);
        var login = await (await server.LoginAsync(user.Email(), TestUsers.Password)).AssertOkAsync();
        using var bearer = server.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
        using var cookie = await server.CookieClientAsync(user.Email(), TestUsers.Password);
        // Both requests load the user directory, whose answers are kept for 30 seconds: a refusal
        // right after the change shows that the change itself cleared them.
        await (await bearer.GetAsync("/api/v1/objects")).AssertOkAsync();
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/o/deal")).StatusCode);

        var deactivated = await (await admin.PatchJsonAsync(user.UserUrl(), new { active = false })).AssertOkAsync();

        Assert.False(deactivated.GetProperty("active").GetBoolean());
        await (await bearer.GetAsync("/api/v1/objects")).AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var page = await cookie.GetAsync("/o/deal");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/Login", page.Headers.Location?.AbsolutePath);
        var refresh = await server.Anonymous().PostAsJsonAsync("/api/v1/identity/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task DeactivatedUser_GetsTheAnswerOfAWrongPassword_OnTheApiAndTheLoginPage()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = await TestUsers.CreateAsync(admin, "switched-off", ["rep"]);
        (await admin.PatchJsonAsync(user.UserUrl(), new { active = false })).EnsureSuccessStatusCode();

        var api = await server.LoginAsync(user.Email(), TestUsers.Password);
        var wrong = await server.LoginAsync(user.Email(), "Wrong-Password-1!");
        var form = await SignIns.PostLoginFormAsync(server.Anonymous(), user.Email(), TestUsers.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(Detail(await wrong.Content.ReadAsStringAsync()), Detail(await api.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("The email or password is not correct.", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReactivatedUser_SignsInAgain_WithTheirPassword()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = await TestUsers.CreateAsync(admin, "returner", ["rep"]);
        (await admin.PatchJsonAsync(user.UserUrl(), new { active = false })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.LoginAsync(user.Email(), TestUsers.Password)).StatusCode);

        (await admin.PatchJsonAsync(user.UserUrl(), new { active = true })).EnsureSuccessStatusCode();

        using var back = await server.BearerClientAsync(user.Email(), TestUsers.Password);
        await (await back.GetAsync("/api/v1/objects")).AssertOkAsync();
    }

    [Fact]
    public async Task PasswordReset_ByAnAdmin_ReplacesTheOldPassword()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var user = await TestUsers.CreateAsync(admin, "forgetful", ["rep"]);

        (await admin.PatchJsonAsync(user.UserUrl(), new { password = "Brand-New-Pass-9" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.LoginAsync(user.Email(), TestUsers.Password)).StatusCode);
        using var signedIn = await server.BearerClientAsync(user.Email(), "Brand-New-Pass-9");
        await (await signedIn.GetAsync("/api/v1/objects")).AssertOkAsync();
    }

    [Fact]
    public async Task Deactivate_OnThePage_WithASuccessor_MovesTheOpenRecordsInOneStep_WithFieldHistory()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var leaver = await TestUsers.CreateAsync(admin, "departing", ["rep"]);
        var successor = await TestUsers.CreateAsync(admin, "successor", ["rep"], displayName: "接手人 Successor");
        using var rep = await server.BearerClientAsync(leaver.Email(), TestUsers.Password);
        var (open1, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("open") });
        var (open2, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("open"), source = "website" });
        var (closed, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("closed") });
        await (await rep.PostJsonAsync($"{closed.RecordUrl()}/stage", new { to = "lost", values = new { lost_reason = "price" } })).AssertOkAsync();
        var account = await (await rep.PostJsonAsync("/api/v1/objects/account/records", new { values = new { name = Deals.Unique("账户"), website = "https://example.com" } }))
            .AssertOkAsync(HttpStatusCode.Created);
        using var page = await server.CookieClientAsync(TestUsers.Admin);
        var editUrl = $"/admin/users/{leaver.Id()}";

        var response = await page.PostFormAsync(editUrl, $"{editUrl}?handler=Deactivate", [KeyValuePair.Create("ReassignTo", successor.Id())]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(editUrl, response.Headers.Location?.OriginalString);
        var html = await page.GetStringAsync(editUrl);
        Assert.Contains("User deactivated. 3 open records moved to 接手人 Successor.", html);
        Assert.False((await (await admin.GetAsync(leaver.UserUrl())).AssertOkAsync()).GetProperty("active").GetBoolean());
        foreach (var moved in new[] { open1.RecordUrl(), open2.RecordUrl(), $"/api/v1/objects/account/records/{account.Id()}" })
            Assert.Equal(successor.Id(), (await (await admin.GetAsync(moved)).AssertOkAsync()).GetProperty("owner").GetString());
        Assert.Equal(leaver.Id(), (await (await admin.GetAsync(closed.RecordUrl())).AssertOkAsync()).GetProperty("owner").GetString());

        var adminId = (await (await admin.GetAsync($"{TestUsers.Url}?q={TestUsers.Admin}")).AssertOkAsync()).GetProperty("items")[0].Id();
        using var scope = server.Services.CreateScope();
        var records = scope.ServiceProvider.GetRequiredService<FunnelStudio.Saving.IRecordService>();
        var history = await records.FieldHistoryAsync("deal", Guid.Parse(open1.Id()), FunnelStudio.Saving.ActingUser.System, CancellationToken.None);
        var ownerChange = Assert.Single(history, h => h.Field == "owner" && h.NewValue?.Contains(successor.Id()) == true);
        Assert.Contains(leaver.Id(), ownerChange.OldValue);
        Assert.Equal(adminId, ownerChange.By);
    }

    [Fact]
    public async Task Reassign_ToTheSameOrADeactivatedUser_Returns422_AndMovesNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var owner = await TestUsers.CreateAsync(admin, "owner", ["rep"]);
        var gone = await TestUsers.CreateAsync(admin, "gone", ["rep"]);
        (await admin.PatchJsonAsync(gone.UserUrl(), new { active = false })).EnsureSuccessStatusCode();
        using var rep = await server.BearerClientAsync(owner.Email(), TestUsers.Password);
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("kept") });

        foreach (var to in new[] { owner.Id(), gone.Id(), "no-such-user" })
            await (await admin.PostJsonAsync($"{owner.UserUrl()}/reassign", new { to }))
                .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "REASSIGN_TARGET_INVALID");

        Assert.Equal(owner.Id(), (await (await admin.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("owner").GetString());
        var heir = await TestUsers.CreateAsync(admin, "heir", ["rep"]);
        var moved = await (await admin.PostJsonAsync($"{owner.UserUrl()}/reassign", new { to = heir.Id() })).AssertOkAsync();
        Assert.Equal(1, moved.GetProperty("moved").GetInt32());
        Assert.Equal(1, moved.GetProperty("byObject").GetProperty("deal").GetInt32());
    }

    private static string? Detail(string problem) => problem.Json().TryGetProperty("detail", out var detail) ? detail.GetString() : null;
}

public sealed class DeactivationOnSqlite(SqlitePortal server) : DeactivationTests(server), IClassFixture<SqlitePortal>;

public sealed class DeactivationOnPostgres(PostgresPortal server) : DeactivationTests(server), IClassFixture<PostgresPortal>;
