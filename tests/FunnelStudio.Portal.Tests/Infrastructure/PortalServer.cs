using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>
/// The real portal on a real socket (Kestrel on a free loopback port), on its own database, seeded
/// with a small demo (20 deals) and a known password. Tests talk to it over HTTP only. It publishes
/// the sample package, or <paramref name="package"/> (a folder relative to the repository root)
/// for tests that need objects and permissions of their own; the demo users exist either way.
/// </summary>
public abstract partial class PortalServer(DatabaseProvider database, string? package = null) : IAsyncLifetime
{
    public const string Password = "Demo-Pass-2026!";
    public const int DemoDeals = 20;

    private WebApplicationFactory<Program>? _factory;

    public DatabaseProvider Database => database;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.CreateAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            // appsettings.json names the default port 5080; every test server takes a free one instead.
            builder.UseSetting("Urls", "http://127.0.0.1:0");
            builder.UseSetting("FunnelStudio:Database:Provider", database.Name);
            builder.UseSetting("ConnectionStrings:FunnelStudio", database.ConnectionString);
            builder.UseSetting("FunnelStudio:Demo:Seed", "true");
            builder.UseSetting("FunnelStudio:Demo:Deals", DemoDeals.ToString());
            builder.UseSetting("FunnelStudio:Demo:Password", Password);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            if (package is not null) builder.UseSetting("FunnelStudio:Package", package);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A plain client: no credentials, no automatic redirects, cookies kept.</summary>
    public HttpClient Anonymous(string language = "en")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>Signs in over the API and returns a client sending the bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string email, string language = "en")
    {
        var client = Anonymous(language);
        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the login page and returns a client holding the cookie, for the pages.</summary>
    public async Task<HttpClient> SignInWithCookieAsync(string email, string language = "en")
    {
        var client = Anonymous(language);
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form), ["Input.Email"] = email, ["Input.Password"] = Password,
        }));
        if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in {email} answered {(int)signIn.StatusCode}.");
        return client;
    }

    /// <summary>The antiforgery token of the (first) form on a page.</summary>
    public static string AntiforgeryToken(string html) => TokenPattern().Match(html).Groups[1].Value;

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();
}

public sealed class SqlitePortal() : PortalServer(new SqliteDatabase());

public sealed class PostgresPortal() : PortalServer(new PostgresDatabase());

/// <summary>The portal on the reference rules test package (tests/FunnelStudio.Portal.Tests/TestData/links).</summary>
public sealed class SqliteLinksPortal() : PortalServer(new SqliteDatabase(), LinksPackage);

public sealed class PostgresLinksPortal() : PortalServer(new PostgresDatabase(), LinksPackage);

public abstract partial class PortalServer
{
    public const string LinksPackage = "tests/FunnelStudio.Portal.Tests/TestData/links";
}
