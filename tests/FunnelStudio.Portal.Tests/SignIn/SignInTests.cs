using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.SignIn;

/// <summary>Bearer tokens for the API, the cookie and antiforgery for the pages.</summary>
public abstract partial class SignInTests(PortalServer server)
{
    [Fact]
    public async Task Login_WithTheDemoPassword_ReturnsABearerToken()
    {
        using var client = server.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "manager@funnelstudio.local", password = PortalServer.Password });
        var token = await response.AssertOkAsync();
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.True(token.GetProperty("expiresIn").GetInt32() > 0);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_Returns401()
    {
        using var client = server.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "rep@funnelstudio.local", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("FunnelStudio.Auth"));
    }

    [Fact]
    public async Task Api_WithoutCredentials_Returns401Problem()
    {
        using var client = server.Anonymous();
        await (await client.GetAsync("/api/v1/objects")).AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await client.PostJsonAsync(Deals.Url, new { values = new { name = "x" } })).AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer forged-token");
        await (await client.GetAsync("/api/v1/objects")).AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("register")]
    [InlineData("register/")]
    [InlineData("REGISTER")]
    [InlineData("Register/")]
    [InlineData("confirmEmail")]
    [InlineData("resendConfirmationEmail/")]
    [InlineData("forgotPassword")]
    [InlineData("resetPassword/")]
    [InlineData("manage/info")]
    [InlineData("Manage/2FA/")]
    public async Task IdentityEndpointsTheProductDoesNotUse_DoNotExist(string path)
    {
        using var client = server.Anonymous();
        var body = new { email = "intruder@example.com", password = "Intruder-2026!", newPassword = "Intruder-2026!", resetCode = "x" };

        await (await client.PostAsJsonAsync("/api/v1/identity/" + path, body)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/v1/identity/" + path)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        using var admin = await server.SignInAsync("admin@funnelstudio.local");
        await (await admin.PostAsJsonAsync("/api/v1/identity/" + path, body)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "intruder@example.com", password = "Intruder-2026!" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/identity/login")]
    [InlineData("/api/v1/identity/login/")]
    [InlineData("/API/V1/Identity/Login")]
    public async Task Login_AnswersOnItsPath_WithAnyCaseOrTrailingSlash(string path)
    {
        using var client = server.Anonymous();
        var response = await client.PostAsJsonAsync(path, new { email = "rep@funnelstudio.local", password = PortalServer.Password });
        Assert.False(string.IsNullOrEmpty((await response.AssertOkAsync()).GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task Refresh_WithTheRefreshToken_GivesANewWorkingToken_AndRefusesAForgedOne()
    {
        using var client = server.Anonymous();
        var login = await (await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "rep@funnelstudio.local", password = PortalServer.Password }))
            .AssertOkAsync();

        var refreshed = await (await client.PostAsJsonAsync("/api/v1/identity/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }))
            .AssertOkAsync();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
        await (await client.GetAsync("/api/v1/objects")).AssertOkAsync();

        await (await server.Anonymous().PostAsJsonAsync("/api/v1/identity/refresh", new { refreshToken = "forged" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("en", "Sign in to FunnelStudio")]
    [InlineData("zh-CN", "登录 FunnelStudio")]
    public async Task LoginPage_IsLocalized_AndCarriesAnAntiforgeryToken(string language, string heading)
    {
        using var client = server.Anonymous(language);
        var html = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        Assert.Contains(heading, html);
        Assert.Matches(TokenPattern(), html);
    }

    [Fact]
    public async Task ProtectedPage_WithoutSignIn_RedirectsToTheLoginPage()
    {
        using var client = server.Anonymous();
        var response = await client.GetAsync("/Account/Profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login?ReturnUrl=%2FAccount%2FProfile", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task LoginForm_WithoutTheAntiforgeryToken_IsRejected()
    {
        using var client = server.Anonymous();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "rep@funnelstudio.local", ["Input.Password"] = PortalServer.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("FunnelStudio.Auth"));
    }

    [Fact]
    public async Task CookieSignIn_OpensThePagesAndTheApi()
    {
        using var client = server.Anonymous();
        var form = await (await client.GetAsync("/Account/Login?returnUrl=%2F")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(form).Groups[1].Value;

        var wrong = await client.PostAsync("/Account/Login?returnUrl=%2F", Form(token, "rep@funnelstudio.local", "wrong-password"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The email or password is not correct.", await wrong.Content.ReadAsStringAsync());

        var signIn = await client.PostAsync("/Account/Login?returnUrl=%2F", Form(token, "rep@funnelstudio.local", PortalServer.Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        var profile = await client.GetAsync("/Account/Profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var html = await profile.Content.ReadAsStringAsync();
        Assert.Contains("rep@funnelstudio.local", html);
        Assert.Contains("王经理 Wang Min", html);
        await (await client.GetAsync("/api/v1/objects")).AssertOkAsync();
    }

    [Fact]
    public async Task Login_WithAnExternalReturnUrl_StaysOnTheSite()
    {
        using var client = server.Anonymous();
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(form).Groups[1].Value;
        var signIn = await client.PostAsync("/Account/Login?returnUrl=https%3A%2F%2Fevil.example%2F", Form(token, "rep@funnelstudio.local", PortalServer.Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    private static FormUrlEncodedContent Form(string token, string email, string password) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class SignInOnSqlite(SqlitePortal server) : SignInTests(server), IClassFixture<SqlitePortal>;

public sealed class SignInOnPostgres(PostgresPortal server) : SignInTests(server), IClassFixture<PostgresPortal>;
