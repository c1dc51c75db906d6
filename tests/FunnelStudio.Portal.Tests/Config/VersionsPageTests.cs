using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

public sealed class SqliteVersionsPageTests(SqlitePortal server) : VersionsPageTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresVersionsPageTests(PostgresPortal server) : VersionsPageTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// The Versions pages over HTTP: admins only, in their language; an upload refused with its codes
/// stores nothing; a draft's page shows the diff, the blockers and a mapping choice, publishes with
/// the mapping chosen on the form (antiforgery-protected), and exports the version's own files.
/// </summary>
public abstract partial class VersionsPageTests(PortalServer server)
{
    [Fact]
    public async Task VersionsPage_ForAnAdmin_IsInTheirLanguage_AndForARep_IsForbidden()
    {
        using var admin = await server.CookieClientAsync(TestUsers.Admin, language: "zh-CN");
        using var rep = await server.CookieClientAsync("rep@funnelstudio.local");

        var page = await admin.GetStringAsync("/admin/versions");
        var forbidden = await rep.GetAsync("/admin/versions");

        Assert.Contains("配置版本", page);
        Assert.Contains("data-status=\"published\"", page);
        // Pages send a signed-in user without the right to the access-denied page (which answers 403).
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Equal("/Account/AccessDenied", forbidden.Headers.Location!.AbsolutePath);
        foreach (var url in new[] { "/admin/versions/1", "/admin/versions/1?handler=export" })
            Assert.Equal("/Account/AccessDenied", (await rep.GetAsync(url)).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Upload_OfAZipClimbingOutOfThePackage_IsRefusedWithItsCode_AndStoresNothing()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var admin = await server.CookieClientAsync(TestUsers.Admin);
        var before = (await (await api.GetAsync($"{ConfigPackages.Url}/versions")).AssertOkAsync()).GetArrayLength();
        var files = await ConfigPackages.ActiveFilesAsync(api);
        files["../evil.json"] = "{}";

        var response = await UploadAsync(admin, files);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-version-problems\"", html);
        Assert.Contains("FS1402", html);
        Assert.Equal(before, (await (await api.GetAsync($"{ConfigPackages.Url}/versions")).AssertOkAsync()).GetArrayLength());
    }

    [Fact]
    public async Task DraftPage_ShowsDiffAndMappingChoice_PublishesWithTheMappingChosen_AndExportsItsFiles()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var admin = await server.CookieClientAsync(TestUsers.Admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Paged map"), source = "referral", icp_fit = true });
        (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O") } }))
            .EnsureSuccessStatusCode();
        var files = ConfigPackages.WithoutStage(await ConfigPackages.ActiveFilesAsync(api), "deal", "mql");

        var uploaded = await UploadAsync(admin, files);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var draftUrl = uploaded.Headers.Location!.OriginalString;
        var id = long.Parse(Regex.Match(draftUrl, @"/admin/versions/(\d+)$").Groups[1].Value);
        var page = await admin.GetStringAsync(draftUrl);

        Assert.Contains("data-path=\"deal.stages.mql\"", page);
        Assert.Contains("CONFIG_NEEDS_MAPPING", page);
        Assert.Contains("name=\"map.stage.mql\"", page);
        Assert.Contains("<option value=\"sql\">", page);

        var unmapped = await admin.PostFormAsync(draftUrl, $"{draftUrl}?handler=publish", []);
        Assert.Equal(HttpStatusCode.OK, unmapped.StatusCode);
        Assert.Contains("id=\"fs-version-outcome\"", await unmapped.Content.ReadAsStringAsync());
        Assert.NotEqual(id, await ConfigPackages.ActiveIdAsync(api));

        var published = await admin.PostFormAsync(draftUrl, $"{draftUrl}?handler=publish", [KeyValuePair.Create("map.stage.mql", "sql")]);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(id, await ConfigPackages.ActiveIdAsync(api));
        Assert.Equal("sql", (await (await api.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("stage").GetString());
        Assert.Contains("id=\"fs-version-published\"", await admin.GetStringAsync(published.Headers.Location!.OriginalString));

        var export = await admin.GetAsync($"{draftUrl}?handler=export");
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(files.OrderBy(f => f.Key), ConfigPackages.Unzip(await export.Content.ReadAsByteArrayAsync()).OrderBy(f => f.Key));
    }

    [Fact]
    public async Task Backtest_OnTheDraftPage_ListsTheHistoricalMovesANewExitCriterionWouldHaveBlocked()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var admin = await server.CookieClientAsync(TestUsers.Admin);
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(api), "objects/deal.json",
            d => d["pipeline"]!["stages"]!.AsArray().Single(s => (string?)s!["name"] == "sql")!["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "never_leaves_sql", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
            }));
        var id = await ConfigPackages.DraftAsync(api, files);
        var url = $"/admin/versions/{id}";

        var response = await admin.PostFormAsync(url, $"{url}?handler=backtest", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-version-backtest\"", html);
        Assert.Contains("data-backtest-rule=\"never_leaves_sql\"", html);
        // The demo deals' own moves out of sql (a stage every version here keeps) are the examples, linked to their records.
        Assert.Matches(new Regex("href=\"/o/deal/[0-9a-f-]{36}\""), html);
        Assert.NotEqual(id, await ConfigPackages.ActiveIdAsync(api));
    }

    /// <summary>Posts the upload form (multipart, with the page's antiforgery token) with <paramref name="files"/> as a zip.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, IReadOnlyDictionary<string, string> files)
    {
        var token = SignIns.AntiforgeryToken(await admin.GetStringAsync("/admin/versions"));
        var zip = ConfigPackages.Zip(files);
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { zip, "Package", "package.zip" } };
        return await admin.PostAsync("/admin/versions", form);
    }
}
