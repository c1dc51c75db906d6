using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Access;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>
/// The real portal on a real socket (Kestrel on a free loopback port), on its own database, seeded
/// with a small demo (20 deals) and a known password, in the Production environment (HSTS, Secure
/// cookies, no demo data unless asked). Tests talk to it over HTTP; only set-up that has no endpoint
/// (users without a role, a second team in-process) goes through the server's own services. It
/// publishes the sample package, or <paramref name="package"/> (a folder, relative to the repository
/// root or absolute) for tests that need objects and permissions of their own. A subclass may change
/// the package, environment, settings or services (<see cref="Configure"/>).
/// </summary>
public abstract partial class PortalServer(DatabaseProvider database, string? package = null) : IAsyncLifetime
{
    public const string Password = "Demo-Pass-2026!";
    /// <summary>How many of b2b-saas's demo records the seed writes: its first 60 hold 22 deals.</summary>
    public const int DemoRecords = 60;

    /// <summary>At least this many demo deals are seeded (what list tests may rely on).</summary>
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

    /// <summary>The config package the server publishes on first start; null: the portal's default (b2b-saas).</summary>
    protected virtual string? Package => package;

    /// <summary>How many demo records the seed creates (the demo's records fit b2b-saas; a variant may want none).</summary>
    protected virtual int DemoRecordCount => DemoRecords;

    /// <summary>Settings beyond the database and the demo (e.g. a tiny create queue).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>More settings or services, applied after the defaults so they win (e.g. no demo data, a first-start admin).</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
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
            builder.UseSetting("FunnelStudio:Demo:Records", DemoRecordCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The daily pipeline snapshot job stays off unless a test asks for it.
            builder.UseSetting("FunnelStudio:Analytics:SnapshotEnabled", "false");
            if (Package is { } folder) builder.UseSetting("FunnelStudio:Package", folder);
            foreach (var (key, value) in Settings) builder.UseSetting(key, value);
            Configure(builder);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public virtual async Task DisposeAsync()
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

    /// <summary>Signs in through the login page and returns a client holding the cookie, as a browser would.</summary>
    public async Task<HttpClient> SignInToPagesAsync(string email)
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

    /// <summary>Signs in on the login page and returns a client holding the portal's cookie (for pages and form posts).</summary>
    public async Task<HttpClient> SignInToPagesAsync(string email, string language = "en")
    {
        var client = Anonymous(language);
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form), ["Input.Email"] = email, ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token a page's form carries (forms post it back).</summary>
    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");

    /// <summary>
    /// Creates an active user with one role (and a manager, by email) through the server's Identity —
    /// the admin API for users is not there yet — and makes the user directory see them at once.
    /// </summary>
    public async Task<string> CreateUserAsync(string email, string displayName, string role, string? managerEmail = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var manager = managerEmail is null ? null : await users.FindByEmailAsync(managerEmail)
            ?? throw new InvalidOperationException($"No user {managerEmail}.");
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, ManagerId = manager?.Id, CreatedAt = DateTime.UtcNow,
        };
        Check(await users.CreateAsync(user, Password), email);
        Check(await users.AddToRoleAsync(user, role), $"{email} → {role}");
        Services.GetRequiredService<IUserDirectory>().Invalidate();
        return user.Id;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Creating {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
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

/// <summary>The portal on the reference rules test package (tests/FunnelStudio.Portal.Tests/TestData/links).</summary>
public sealed class SqliteLinksPortal() : PortalServer(new SqliteDatabase(), LinksPackage);

public sealed class PostgresLinksPortal() : PortalServer(new PostgresDatabase(), LinksPackage);

public abstract partial class PortalServer
{
    public const string LinksPackage = "tests/FunnelStudio.Portal.Tests/TestData/links";
}
