using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

public sealed class SqliteCliPublishTests(SqlitePortal server) : CliPublishTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresCliPublishTests(PostgresPortal server) : CliPublishTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// <c>funnelstudio publish</c> run in-process against a real portal over HTTP: a package folder or
/// zip becomes a draft, its plan is printed, and it is published (or not) as the portal decides.
/// </summary>
public abstract class CliPublishTests(PortalServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("funnelstudio-publish-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task DryRun_OfADraftWhoseTestsFail_Exits1_PrintsTestsChangesAndBlockers_AndChangesNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var active = await ConfigPackages.ActiveIdAsync(admin);
        var label = await ConfigPackages.LabelAsync(admin, "deal");
        var package = Write("blocked", ConfigPackages.With(await ConfigPackages.ExportAsync(admin, active), "objects/deal.json", deal =>
        {
            deal["label"] = new JsonObject { ["en"] = "Never published", ["zh-CN"] = "未发布" };
            deal["pipeline"]!["stages"]![0]!["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "never_leaves", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
            });
        }));

        var run = await RunAsync(admin, package, "--dry-run");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"Tests: \d+ passed, [1-9]\d* failed", run.Out);
        Assert.Contains("deal.stages.", run.Out);
        Assert.Contains("never_leaves", run.Out);
        Assert.Contains("1 added", run.Out);
        Assert.Contains("CONFIG_TESTS_FAILED", run.Out);
        Assert.Contains("cannot be published", run.Out);
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal(label, await ConfigPackages.LabelAsync(admin, "deal"));
        var versions = (await (await admin.GetAsync($"{ConfigPackages.Url}/versions")).AssertOkAsync()).EnumerateArray().ToList();
        Assert.Equal("draft", versions.MaxBy(v => v.GetProperty("id").GetInt64()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publish_OfAZipRemovingAStageInUse_IsRefusedWithoutAMapping_ThenWithMapStageMovesTheRecords()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Cli mapped"), source = "referral", icp_fit = true });
        (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O") } }))
            .EnsureSuccessStatusCode();
        var active = await ConfigPackages.ActiveIdAsync(admin);
        var files = ConfigPackages.WithoutStage(await ConfigPackages.ExportAsync(admin, active), "deal", "mql");
        var zip = Path.Combine(_folder, "without-mql.zip");
        await File.WriteAllBytesAsync(zip, await ConfigPackages.Zip(files).ReadAsByteArrayAsync());

        var refused = await RunAsync(admin, zip);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("Not published: CONFIG_NEEDS_MAPPING", refused.Out);
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal("mql", (await (await admin.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("stage").GetString());

        var published = await RunAsync(admin, zip, "--map-stage", "mql=sql", "--format", "json");

        Assert.True(published.ExitCode == 0, published.ToString());
        var document = JsonDocument.Parse(published.Out).RootElement;
        Assert.Equal("published", document.GetProperty("outcome").GetString());
        var version = document.GetProperty("published").GetProperty("version").GetProperty("id").GetInt64();
        Assert.Equal(version, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal("sql", (await (await admin.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("stage").GetString());
        Assert.True(await server.Database.CountAsync(
            "SELECT count(*) FROM stage_history WHERE from_stage = 'mql' AND to_stage = 'sql' AND \"by\" = @by",
            ("by", $"moved by config version {version}")) >= 1);

        // Leave the server with its stages for the other tests.
        (await admin.PostJsonAsync($"{ConfigPackages.Url}/versions/{active}/rollback", new { })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Publish_WithABadToken_Exits1_SayingHowToSignIn_AndStoresNoDraft()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var before = (await (await admin.GetAsync($"{ConfigPackages.Url}/versions")).AssertOkAsync()).GetArrayLength();
        var package = Write("any", await ConfigPackages.ActiveFilesAsync(admin));

        var run = await Task.Run(() => Cli.Run(null, "publish", package, "--url", server.BaseAddress.ToString(), "--token", "not-a-token"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("refused the token (401 UNAUTHORIZED)", run.Error);
        Assert.Contains("/api/v1/identity/login", run.Error);
        Assert.Equal(before, (await (await admin.GetAsync($"{ConfigPackages.Url}/versions")).AssertOkAsync()).GetArrayLength());

        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var forbidden = await RunAsync(rep, package);
        Assert.True(forbidden.ExitCode == 1, forbidden.ToString());
        Assert.Contains("403 FORBIDDEN", forbidden.Error);
    }

    [Fact]
    public async Task Publish_OfAPackageThatDoesNotLoad_Exits1_PrintingEachDiagnosticWithFileAndLine()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var files = await ConfigPackages.ActiveFilesAsync(admin);
        files["objects/deal.json"] = "{\n  \"name\": \"deal\",\n  \"label\": oops\n}";
        var package = Write("broken", files);

        var run = await RunAsync(admin, package);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"broken/objects/deal\.json:3:\d+:[^ ]*: FS\d{4} ", run.Out);
    }

    [Fact]
    public async Task Publish_ToAPortalThatCannotBeReached_Exits4()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var package = Write("any", await ConfigPackages.ActiveFilesAsync(admin));
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await Task.Run(() => Cli.Run(null, "publish", package, "--url", $"http://127.0.0.1:{closedPort}", "--token", "t"));

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("cannot reach", run.Error);
    }

    /// <summary>Runs <c>publish</c> with the client's bearer token, off the test's thread (the CLI blocks on its own calls).</summary>
    private Task<CliRun> RunAsync(HttpClient client, string package, params string[] more) =>
        Task.Run(() => Cli.Run(null, ["publish", package, "--url", server.BaseAddress.ToString(),
            "--token", client.DefaultRequestHeaders.Authorization!.Parameter!, .. more]));

    private string Write(string name, IReadOnlyDictionary<string, string> files)
    {
        var root = Path.Combine(_folder, name);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }
}
