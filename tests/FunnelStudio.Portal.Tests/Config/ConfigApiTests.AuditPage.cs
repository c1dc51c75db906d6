using System.Net;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

/// <summary>Publishes and rollbacks on the audit page (/admin/audit), in English and Chinese.</summary>
public abstract partial class ConfigApiTests
{
    [Fact]
    public async Task AuditPage_ShowsAPublishAndARollback_WithTheirLabels_VersionsAndChangeCounts_InBothLanguages()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var previous = await ConfigPackages.ActiveIdAsync(admin);
        var id = await ConfigPackages.DraftAsync(admin, ConfigPackages.With(await ConfigPackages.ExportAsync(admin, previous), "objects/deal.json",
            d => d["label"] = new JsonObject { ["en"] = "Audited deal", ["zh-CN"] = "审计商机" }));
        var version = (await (await ConfigPackages.PublishAsync(admin, id)).AssertOkAsync()).GetProperty("version");
        var package = $"{version.GetProperty("package").GetString()} {version.GetProperty("packageVersion").GetString()}";
        var rollback = (await (await admin.PostJsonAsync($"{Url}/versions/{previous}/rollback", new { })).AssertOkAsync())
            .GetProperty("version").GetProperty("id").GetInt64();
        using var en = await server.CookieClientAsync(TestUsers.Admin);
        using var zh = await server.CookieClientAsync(TestUsers.Admin, language: "zh-CN");

        var published = await en.GetStringAsync("/admin/audit?action=config.published");
        var rolledBack = await en.GetStringAsync("/admin/audit?action=config.rolled_back");
        var publishedZh = await zh.GetStringAsync("/admin/audit?action=config.published");

        Assert.Contains($"data-action=\"config.published\" data-target-id=\"{id}\"", published);
        Assert.Contains("Config version published", published);
        // The target is the version, linked to its page, in the reader's language.
        Assert.Contains($"<a href=\"/admin/versions/{id}\">Version #{id}</a>", published);
        Assert.Contains($"<a href=\"/admin/versions/{id}\">版本 #{id}</a>", publishedZh);
        Assert.Contains($"version {previous} → version {id} ({package}): 0 added, 0 removed, 1 changed", published);
        Assert.Contains($"data-action=\"config.rolled_back\" data-target-id=\"{rollback}\"", rolledBack);
        Assert.Contains("Config version rolled back", rolledBack);
        Assert.Contains($"version {id} → version {rollback} ({package}): 0 added, 0 removed, 1 changed; the files of version {previous}", rolledBack);
        Assert.Contains("发布配置版本", publishedZh);
        Assert.Contains($"版本 {previous} → 版本 {id}（{package}）：新增 0，删除 0，修改 1", publishedZh);
        Assert.DoesNotContain("&quot;after&quot;", published);
    }
}
