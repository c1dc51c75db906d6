using System.Net;
using System.Net.Http.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Portal.Tests.Hosting;

/// <summary>
/// Demo data belongs to development: `dotnet run` (Development) seeds it and shows the generated
/// password once; anywhere else nothing is seeded unless asked, and no password reaches the log.
/// Each test starts its own server on a fresh database.
/// </summary>
public abstract class DemoDefaultsTests(Func<DatabaseProvider> database)
{
    [Fact]
    public async Task OutsideDevelopment_NothingIsSeededByDefault_AndTheLoginPageNamesNoAccount()
    {
        await using var server = await DemoServer.StartAsync(database(), "Production", seed: null);

        using var client = server.Anonymous();
        var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "admin@funnelstudio.local", password = PortalServer.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        var page = await client.GetStringAsync("/Account/Login");
        Assert.DoesNotContain("funnelstudio.local", page);
        Assert.DoesNotContain("admin@", page);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("Demo users created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InDevelopment_TheDemoIsSeeded_AndTheGeneratedPasswordIsShownOnce()
    {
        await using var server = await DemoServer.StartAsync(database(), "Development", seed: null);

        var shown = Assert.Single(server.Logs.Entries, e => e.Values.ContainsKey("Password"));
        var password = Assert.IsType<string>(shown.Values["Password"]);
        Assert.Contains(password, shown.Message);
        Assert.Equal(20, password.Length);
        using var client = server.Anonymous();
        var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "rep@funnelstudio.local", password });
        Assert.False(string.IsNullOrEmpty((await login.AssertOkAsync()).GetProperty("accessToken").GetString()));
        Assert.DoesNotContain("funnelstudio.local", await client.GetStringAsync("/Account/Login"));
    }

    [Fact]
    public async Task OutsideDevelopment_AnExplicitSeedStillSeeds_ButTheGeneratedPasswordIsNeverLogged()
    {
        await using var server = await DemoServer.StartAsync(database(), "Production", seed: true);

        var created = Assert.Single(server.Logs.Entries, e => e.Message.StartsWith("Demo users created", StringComparison.Ordinal));
        Assert.Contains("shown only in Development", created.Message);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Values.ContainsKey("Password"));
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<FunnelStudio.Storage.Identity.AppUser>>();
        Assert.NotNull(await users.FindByEmailAsync("rep@funnelstudio.local"));
    }

    /// <summary>A portal in the given environment with the demo setting as given (null: unset) and no demo password.</summary>
    private sealed class DemoServer(DatabaseProvider database, string environment, bool? seed) : PortalServer(database), IAsyncDisposable
    {
        public LogCollector Logs { get; } = new();

        protected override string Environment => environment;

        protected override bool DemoDefaults => true;

        protected override void Configure(IWebHostBuilder builder)
        {
            if (seed is { } value) builder.UseSetting("FunnelStudio:Demo:Seed", value ? "true" : "false");
            builder.UseSetting("FunnelStudio:Demo:Records", "0");
            builder.UseSetting("Logging:LogLevel:Default", "Information");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }

        public static async Task<DemoServer> StartAsync(DatabaseProvider database, string environment, bool? seed)
        {
            var server = new DemoServer(database, environment, seed);
            await server.InitializeAsync();
            return server;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}

public sealed class DemoDefaultsOnSqlite() : DemoDefaultsTests(() => new SqliteDatabase());

public sealed class DemoDefaultsOnPostgres() : DemoDefaultsTests(() => new PostgresDatabase());
