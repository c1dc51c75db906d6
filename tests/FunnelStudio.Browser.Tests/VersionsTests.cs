using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// Changing the live funnel as an admin does it: upload a changed package on the Versions page, read
/// the diff and the impact, choose where the deals of a removed stage go, publish — and a rep's
/// board has changed. Its own portal, since the publish changes the funnel for everyone on it.
/// </summary>
[Collection(VersionsPortalCollection.Name)]
public sealed class VersionsTests(VersionsPortalFixture portal)
{
    [Fact]
    public async Task Admin_UploadsAChangedPackage_MapsARemovedStage_Publishes_AndTheRepsBoardChanges()
    {
        // A deal in mql, the stage the new version removes.
        using var repApi = await portal.ApiAsync("rep@funnelstudio.local");
        var name = "Versions deal " + Guid.NewGuid().ToString("N")[..6];
        var created = await repApi.PostAsJsonAsync("/api/v1/objects/deal/records", new { values = new { name, source = "referral", icp_fit = true } });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await repApi.PostAsJsonAsync($"/api/v1/objects/deal/records/{id}/stage",
            new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-2).ToString("O") } })).EnsureSuccessStatusCode();

        var zip = await ChangedPackageZipAsync();

        var admin = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(admin, "admin@funnelstudio.local");
        await admin.GotoAsync("/admin/versions");
        await Expect(admin.Locator("#fs-versions [data-status=published]")).ToHaveCountAsync(1);
        await admin.SetInputFilesAsync("#fs-version-zip", zip);
        await admin.ClickAsync("#fs-version-upload button[type=submit]");
        await Expect(admin).ToHaveURLAsync(new Regex(@"/admin/versions/\d+$"));

        // The semantic diff names the removed stage and the relabelled object; the impact and the blockers say what the data needs.
        await Expect(admin.Locator("#fs-version-changes tr[data-path='deal.stages.mql'][data-kind=removed]")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#fs-version-changes tr[data-path='deal.label'][data-kind=changed]")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#fs-version-blockers")).ToContainTextAsync("CONFIG_NEEDS_MAPPING");
        await Expect(admin.Locator("#fs-version-impact")).ToBeVisibleAsync();
        await Expect(admin.Locator("#fs-version-impact [data-impact=counted-at]")).ToContainTextAsync(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await PortalFixture.ScreenshotAsync(admin, "versions-draft");

        await admin.SelectOptionAsync("select[name='map.stage.mql']", "sql");
        await admin.ClickAsync("#fs-version-publish");
        await Expect(admin.Locator("#fs-version-published")).ToBeVisibleAsync();

        var rep = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(rep);
        await rep.GotoAsync("/o/deal/board");
        await Expect(rep.Locator("section[data-stage=mql]")).ToHaveCountAsync(0);
        await Expect(rep.Locator("section[data-stage=sql]")).ToContainTextAsync(name);
        await Expect(rep.Locator("h1")).ToContainTextAsync("Opportunities");
    }

    /// <summary>The active version's files with the mql stage removed and deals called "Opportunities", as a zip file.</summary>
    private async Task<string> ChangedPackageZipAsync()
    {
        using var adminApi = await portal.ApiAsync("admin@funnelstudio.local");
        var versions = await adminApi.GetFromJsonAsync<JsonElement>("/api/v1/config/versions");
        var active = versions.EnumerateArray().Single(v => v.GetProperty("status").GetString() == "published").GetProperty("id").GetInt64();
        var exported = await adminApi.GetByteArrayAsync($"/api/v1/config/versions/{active}/export");
        var path = Path.Combine(Path.GetTempPath(), $"fs-changed-{Guid.NewGuid():N}.zip");
        using (var source = new ZipArchive(new MemoryStream(exported)))
        using (var target = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var entry in source.Entries)
            {
                // The sample's own tests walk through mql; this change is about the data, not them.
                if (entry.FullName.StartsWith("tests/", StringComparison.Ordinal)) continue;
                string text;
                using (var reader = new StreamReader(entry.Open())) text = await reader.ReadToEndAsync();
                if (entry.FullName == "objects/deal.json")
                {
                    var deal = JsonNode.Parse(text)!.AsObject();
                    var stages = deal["pipeline"]!["stages"]!.AsArray();
                    stages.Remove(stages.Single(s => (string?)s!["name"] == "mql"));
                    deal["pluralLabel"] = new JsonObject { ["en"] = "Opportunities", ["zh-CN"] = "商机" };
                    deal["label"] = new JsonObject { ["en"] = "Opportunity", ["zh-CN"] = "商机" };
                    text = deal.ToJsonString();
                }
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                await writer.WriteAsync(text);
            }
        return path;
    }
}

/// <summary>A portal of its own for the Versions tests (a publish changes the funnel for every test on it).</summary>
public sealed class VersionsPortalFixture : PortalFixture;

[CollectionDefinition(Name)]
public sealed class VersionsPortalCollection : ICollectionFixture<VersionsPortalFixture>
{
    public const string Name = "portal in Chromium, changing its funnel";
}
