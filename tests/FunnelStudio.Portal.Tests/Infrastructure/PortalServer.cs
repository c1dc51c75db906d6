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
/// with a small demo (20 deals) and a known password. Tests talk to it over HTTP only.
/// </summary>
public abstract class PortalServer(DatabaseProvider database) : IAsyncLifetime
{
    public const string Password = "Demo-Pass-2026!";
    public const int DemoDeals = 20;

    private WebApplicationFactory<Program>? _factory;

    public DatabaseProvider Database => database;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running portal's services, for observing what HTTP cannot show (a queue's length).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The portal is not running.");

    /// <summary>Settings beyond the database and the demo (e.g. a tiny create queue).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

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
            foreach (var (key, value) in Settings) builder.UseSetting(key, value);
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

    /// <summary>Signs in through the login page and returns a client holding the cookie, as a browser would.</summary>
    public async Task<HttpClient> SignInWithCookieAsync(string email)
    {
        var client = Anonymous();
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken(form), ["Input.Email"] = email, ["Input.Password"] = Password,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token of the (first) form on a page.</summary>
    public static string FormToken(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

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
}

public sealed class SqlitePortal() : PortalServer(new SqliteDatabase());

public sealed class PostgresPortal() : PortalServer(new PostgresDatabase());

/// <summary>
/// A portal on PostgreSQL behind a <see cref="Storage.Tests.Fixtures.PostgresProxy"/>, with room for
/// <see cref="MaxQueuedCreates"/> waiting create: for back-pressure and broken-connection tests.
/// </summary>
public sealed class ProxiedPostgresPortal() : PortalServer(new ProxiedPostgresDatabase())
{
    public const int MaxQueuedCreates = 1;

    public ProxiedPostgresDatabase Postgres => (ProxiedPostgresDatabase)Database;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("FunnelStudio:Database:MaxQueuedCreates", MaxQueuedCreates.ToString())];
}
