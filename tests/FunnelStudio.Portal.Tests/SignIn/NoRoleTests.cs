using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.SignIn;

/// <summary>
/// An account holding no role of the package may sign in, and gets nothing: every API endpoint
/// answers 403 and every portal page shows "access denied".
/// </summary>
public abstract partial class NoRoleTests(PortalServer server)
{
    [Fact]
    public async Task UserWithoutARole_SignsIn_AndEveryApiEndpointIs403()
    {
        var (id, version) = await ADealAsync();
        var email = TestUsers.UniqueEmail("norole");
        await server.CreateUserAsync(email);
        using var client = await server.SignInAsync(email);
        var record = $"{Deals.Url}/{id}";

        var answers = new List<(string, HttpResponseMessage)>
        {
            ("GET objects", await client.GetAsync("/api/v1/objects")),
            ("GET records", await client.GetAsync(Deals.Url)),
            ("GET records ?q", await client.GetAsync(Deals.Url + "?q=a&owner=me")),
            ("POST record", await client.PostJsonAsync(Deals.Url, new { values = new { name = "Mine now" } })),
            ("GET record", await client.GetAsync(record)),
            ("PATCH record", await client.PatchJsonAsync(record, new { values = new { name = "Taken" } }, version)),
            ("DELETE record", await client.DeleteAsync(record)),
            ("POST stage", await client.PostJsonAsync(record + "/stage", new { to = "mql" })),
            ("GET checklist", await client.GetAsync(record + "/checklist")),
            ("GET account records", await client.GetAsync("/api/v1/objects/account/records")),
        };

        foreach (var (what, response) in answers)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: expected 403, got {(int)response.StatusCode} {text}");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        using var admin = await server.SignInAsync("admin@funnelstudio.local");
        Assert.Equal(version, (await admin.GetAsync(record)).ETag());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/o/deal")]
    [InlineData("/o/deal/board")]
    [InlineData("/o/deal/new")]
    [InlineData("/o/account/lookup?q=a")]
    [InlineData("/Account/Profile")]
    public async Task UserWithoutARole_SignsIn_AndEveryPageShowsAccessDenied(string page)
    {
        var email = TestUsers.UniqueEmail("norole");
        await server.CreateUserAsync(email);
        using var client = server.Anonymous();
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(form).Groups[1].Value,
            ["Input.Email"] = email, ["Input.Password"] = PortalServer.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", new Uri(server.BaseAddress, response.Headers.Location!).AbsolutePath);
        var denied = await client.GetAsync(response.Headers.Location);
        // The access-denied page says so in its status too.
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("Access denied", html);
        Assert.Contains("You do not have permission to open this page.", html);
    }

    private async Task<(string Id, string Version)> ADealAsync()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (record, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Not theirs"), amount = 1000, source = "website" });
        return (record.Id(), etag);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class NoRoleOnSqlite(SqlitePortal server) : NoRoleTests(server), IClassFixture<SqlitePortal>;

public sealed class NoRoleOnPostgres(PostgresPortal server) : NoRoleTests(server), IClassFixture<PostgresPortal>;
