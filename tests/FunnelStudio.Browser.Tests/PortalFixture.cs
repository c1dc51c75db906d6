using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunnelStudio.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The real portal on Kestrel (a free loopback port) over a throw-away SQLite database with the demo
/// data, and Debian's Chromium driven by Playwright. Started once per collection: the sample package
/// here, a variant of it in <see cref="AccessPortalFixture"/>.
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "Browser-test-Pa55!";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "fs-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>FS_SCREENSHOTS</c> when set, else none are written.</summary>
    public static string? ScreenshotDir => Environment.GetEnvironmentVariable("FS_SCREENSHOTS");

    /// <summary>The package folder the portal publishes.</summary>
    protected virtual string Package => RepositoryPaths.SamplePackage("b2b-saas");

    public async Task InitializeAsync()
    {
        // Fail, never skip: a machine without the browser must not pass the browser tests.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is missing: the browser tests need Debian's {ChromiumPath} (apt-get install -y chromium; tests/run.sh installs it when run as root).");

        Directory.CreateDirectory(_dataDir);
        var package = Package;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:FunnelStudio", $"Data Source={Path.Combine(_dataDir, "portal.db")}");
            builder.UseSetting("FunnelStudio:Database:Provider", "sqlite");
            builder.UseSetting("FunnelStudio:Package", package);
            builder.UseSetting("FunnelStudio:Demo:Seed", "true");
            builder.UseSetting("FunnelStudio:Demo:Password", Password);
            builder.UseSetting("FunnelStudio:Demo:Records", "60");
            // Every lookup becomes a search-as-you-type box, so the tests exercise it (the demo has few accounts).
            builder.UseSetting("FunnelStudio:Ui:LookupSelectLimit", "0");
            builder.UseSetting("Urls", "http://127.0.0.1:0");
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1")
            .Replace("://localhost", "://127.0.0.1").TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies) with the given viewport and UI language.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            IsMobile = width < 500,
            HasTouch = width < 500,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the login page as a demo user and waits for the first portal page.</summary>
    public static async Task SignInAsync(IPage page, string email = "rep@funnelstudio.local")
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", Password);
        await page.ClickAsync("button[type=submit].w-100");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    /// <summary>Writes a screenshot to <see cref="ScreenshotDir"/> (for a person to look at), when set.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        if (ScreenshotDir is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(dir, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled,
        });
    }

    /// <summary>A client of the portal's API signed in as <paramref name="email"/> (bearer token), for set-up.</summary>
    public async Task<HttpClient> ApiAsync(string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal in Chromium";
}
