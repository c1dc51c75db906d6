using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Hosting;

/// <summary>
/// Outside Development: a Content-Security-Policy without inline script on every answer, HSTS on
/// HTTPS (also when a proxy says the request came over HTTPS), and every cookie Secure.
/// </summary>
public abstract partial class SecurityHeadersTests(PortalServer server)
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/css/site.css")]
    [InlineData("/api/v1/objects")]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/o/deal")]
    public async Task EveryAnswer_CarriesTheContentSecurityPolicy(string path)
    {
        using var client = server.Anonymous();

        var response = await client.GetAsync(path);

        Assert.Equal(Policy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(", ", response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task PagesSignedIn_HaveNoInlineScriptOrStyle()
    {
        using var client = await CookieClientAsync();
        foreach (var page in new[] { "/o/deal", "/o/deal/board", "/o/deal/new", "/Account/Profile", "/Account/Login" })
        {
            var html = await client.GetStringAsync(page);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotContain(" style=\"", html);
        }
    }

    [Fact]
    public async Task Hsts_IsSentOverHttps_AsAKnownProxyReportsIt()
    {
        using var client = server.Anonymous();

        var plain = await SendAsync(client, forwardedProto: null);
        var proxied = await SendAsync(client, forwardedProto: "https");

        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000", string.Join(", ", proxied.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task EveryCookie_IsSecureAndHttpOnly()
    {
        var jar = new CookieJar();
        using var client = server.Anonymous(jar);
        var form = await client.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = "rep@funnelstudio.local", ["Input.Password"] = PortalServer.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await client.GetStringAsync("/o/deal");
        var language = await client.PostAsync("/Account/Language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value, ["culture"] = "zh-CN", ["returnUrl"] = "/o/deal",
        }));
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);

        var names = jar.Received.Select(c => c.Split('=', 2)[0]).ToHashSet();
        Assert.Contains("FunnelStudio.Antiforgery", names);
        Assert.Contains("FunnelStudio.Auth", names);
        Assert.Contains(".AspNetCore.Culture", names);
        Assert.All(jar.Received, cookie =>
        {
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("secure") && attributes.Contains("httponly"), cookie);
        });
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        // HSTS is never sent to localhost; a proxy forwards the public name.
        request.Headers.Host = "portal.example.com";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }
        return await client.SendAsync(request);
    }

    private async Task<HttpClient> CookieClientAsync()
    {
        var client = server.Anonymous();
        var form = await client.GetStringAsync("/Account/Login");
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(form).Groups[1].Value,
            ["Input.Email"] = "manager@funnelstudio.local", ["Input.Password"] = PortalServer.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

public sealed class SecurityHeadersOnSqlite(SqlitePortal server) : SecurityHeadersTests(server), IClassFixture<SqlitePortal>;

public sealed class SecurityHeadersOnPostgres(PostgresPortal server) : SecurityHeadersTests(server), IClassFixture<PostgresPortal>;
