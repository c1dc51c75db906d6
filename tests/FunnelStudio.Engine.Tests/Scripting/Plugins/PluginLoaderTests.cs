using FunnelStudio.Loading;

namespace FunnelStudio.Engine.Tests.Scripting.Plugins;

public sealed class PluginLoaderTests
{
    [Fact]
    public void Load_SampleB2bSaas_EnablesItsPluginsWithNoDiagnostics()
    {
        var result = PackageLoader.Load(PackageSources.Folder(Support.Fixtures.SamplePackage("b2b-saas")));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["dedupe-guard", "discount-guard", "lead-scoring"], result.Definition!.Plugins.Select(p => p.Id).Order().ToArray());
        Assert.Equal(["account", "contact", "deal", "deal"], result.Definition.Hooks.Select(h => h.Object).Order().ToArray());
    }

    [Fact]
    public void Load_PluginEntryWithSeveralObjects_AppliesEachHookToEachObject()
    {
        var package = PluginPackage.Builder("""[ { "id": "dedupe-guard", "objects": ["contact", "account"], "settings": { "fields": ["email"] } } ]""").Compile();

        Assert.Equal(["contact", "account"], package.Definition.Hooks.Select(h => h.Object).ToArray());
        Assert.All(package.Definition.Hooks, h => Assert.Equal(("dedupe-guard", "beforeSave"), (h.Plugin, h.Event)));
    }

    [Fact]
    public void Load_SettingsAgainstTheSchema_ReportsFS1507WithThePath()
    {
        var result = PluginPackage.Builder("""
            [ { "id": "discount-guard", "objects": ["deal"], "settings": { "field": "discount", "limits": { "rep": "twenty" } } } ]
            """).Load();

        Assert.False(result.Succeeded);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "FS1507");
        Assert.Equal("package.json", diagnostic.File);
        Assert.Equal("$.plugins.discount-guard.settings.limits.rep", diagnostic.Path);
    }

    [Fact]
    public void Load_PluginWithHooksButNoObjects_ReportsFS1511()
    {
        var result = PluginPackage.Builder("""[ "discount-guard" ]""").Load();

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "FS1511");
        Assert.Equal("$.plugins[0]", diagnostic.Path);
        Assert.Contains("\"objects\"", diagnostic.Message);
    }

    [Fact]
    public void Load_PluginEnabledForAnUnknownObject_ReportsFS1505AtTheEntry()
    {
        var result = PluginPackage.Builder("""[ { "id": "dedupe-guard", "objects": ["lead"], "settings": { "fields": ["email"] } } ]""").Load();

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "FS1505");
        Assert.Equal(("package.json", "$.plugins.dedupe-guard.objects[0]"), (diagnostic.File, diagnostic.Path));
    }

    [Fact]
    public void Load_PluginJsonHookNamingAnObject_ReportsFS1508()
    {
        var result = PluginPackage.Builder("""[ { "id": "dedupe-guard", "objects": ["contact"], "settings": { "fields": ["email"] } } ]""")
            .Edit("plugins/dedupe-guard/plugin.json", p => p["hooks"]![0]!["object"] = "contact")
            .Load();

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "FS1508");
        Assert.Equal(("plugins/dedupe-guard/plugin.json", "$.hooks[0].object"), (diagnostic.File, diagnostic.Path));
    }
}
