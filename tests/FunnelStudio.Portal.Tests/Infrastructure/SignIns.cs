using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>Signing in as any user with any password: over the API (bearer token) or on the login page (cookie).</summary>
public static partial class SignIns
{
    /// <summary>The answer of <c>POST /api/v1/identity/login</c>, whatever it is.</summary>
    public static Task<HttpResponseMessage> LoginAsync(this PortalServer server, string email, string password) =>
        server.Anonymous().PostAsJsonAsync("/api/v1/identity/login", new { email, password });

    /// <summary>A client sending the bearer token of a successful sign-in (the test fails otherwise).</summary>
    public static async Task<HttpClient> BearerClientAsync(this PortalServer server, string email, string password, string language = "en")
    {
        var client = server.Anonymous(language);
        var token = await (await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password })).AssertOkAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A client holding the portal's cookie after signing in on the login page (the test fails otherwise).</summary>
    public static async Task<HttpClient> CookieClientAsync(this PortalServer server, string email, string? password = null, string language = "en")
    {
        var client = server.Anonymous(language);
        var response = await PostLoginFormAsync(client, email, password ?? PortalServer.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"signing in as {email} on the login page failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Posts the login form (with its antiforgery token) and returns the answer: a redirect when signed in.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form), ["Input.Email"] = email, ["Input.Password"] = password,
        }));
    }

    /// <summary>Posts a page's form: fetches the page for its antiforgery token, then sends the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string postUrl,
        IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var all = fields.Append(KeyValuePair.Create("__RequestVerificationToken", AntiforgeryToken(page)));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(all));
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value
            : throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");

    public static JsonElement Json(this string text) => JsonDocument.Parse(text).RootElement;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
