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
/// with a small demo (20 deals) and a known password, in the Production environment (HSTS, Secure
/// cookies, no demo data unless asked). Tests talk to it over HTTP only; a subclass may change the
/// environment, settings or services (<see cref="Configure"/>) for what the shared server must not do.
/// </summary>
public abstract class PortalServer(DatabaseProvider database) : IAsyncLifetime
{
    public const string Password = "Demo-Pass-2026!";
    public const int DemoDeals = 20;

    private WebApplicationFactory<Program>? _factory;

    public DatabaseProvider Database => database;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The running portal's services, for set-up (creating a user) and what a test cannot reach over
    /// HTTP (the user directory's cache, stored history) — never for assertions the HTTP answer can make.
    /// </summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The ASP.NET Core environment the server runs in.</summary>
    protected virtual string Environment => "Production";

    /// <summary>True: leave the demo settings (seed, password) at the portal's own defaults for the environment.</summary>
    protected virtual bool DemoDefaults => false;

    /// <summary>More settings or services, applied after the defaults so they win (e.g. no demo data, a first-start admin).</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        await database.CreateAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(Environment);
            // appsettings.json names the default port 5080; every test server takes a free one instead.
            builder.UseSetting("Urls", "http://127.0.0.1:0");
            builder.UseSetting("FunnelStudio:Database:Provider", database.Name);
            builder.UseSetting("ConnectionStrings:FunnelStudio", database.ConnectionString);
            if (!DemoDefaults)
            {
                // Outside Development the demo is seeded only when asked.
                builder.UseSetting("FunnelStudio:Demo:Seed", "true");
                builder.UseSetting("FunnelStudio:Demo:Password", Password);
            }
            builder.UseSetting("FunnelStudio:Demo:Deals", DemoDeals.ToString());
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            Configure(builder);
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

    /// <summary>A plain client: no credentials, no automatic redirects, cookies kept (<see cref="CookieJar"/>).</summary>
    public HttpClient Anonymous(string language = "en") => Anonymous(new CookieJar(), language);

    /// <summary>A plain client keeping its cookies in <paramref name="jar"/>, for tests that look at them.</summary>
    public HttpClient Anonymous(CookieJar jar, string language = "en")
    {
        var client = new HttpClient(jar) { BaseAddress = BaseAddress };
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
}

public sealed class SqlitePortal() : PortalServer(new SqliteDatabase());

public sealed class PostgresPortal() : PortalServer(new PostgresDatabase());
