using System.Text.Json;
using FunnelStudio.Cli;
using FunnelStudio.Engine.Tests.Cli;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Engine.Tests.Versions;

[Collection(CliCollection.Name)]
public class DiffCommandTests
{
    private static readonly string Sample = RepositoryPaths.SamplePackage("b2b-saas");

    [Fact]
    public void Diff_SamePackage_SaysNoDifferencesAndExitsZero()
    {
        var result = CliRunner.Run("diff", Sample, Sample);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal("no differences", result.Out.Trim());
    }

    [Fact]
    public void Diff_EditedCopy_PrintsOneLineAChangeAndTheSummary()
    {
        using var variant = PackageVariant.Of("b2b-saas").Edit("objects/deal.json", d =>
        {
            var fields = d["fields"]!.AsArray();
            fields.Single(f => (string?)f!["name"] == "amount")!["required"] = true;
            fields.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "region", ["type"] = "text", ["label"] = "Region" });
        });

        var result = CliRunner.Run("diff", Sample, variant.Path);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["~ deal.fields.amount.required: false → true", "+ field deal.fields.region (text)", "1 added, 0 removed, 1 changed"], lines);
    }

    [Fact]
    public void Diff_JsonFormat_GivesSummaryAndChanges()
    {
        using var variant = PackageVariant.Of("b2b-saas").EditPermission("rep", "deal", p => p["delete"] = "own");

        var result = CliRunner.Run("diff", Sample, variant.Path, "--format", "json");

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal((0, 0, 1), (summary.GetProperty("added").GetInt32(), summary.GetProperty("removed").GetInt32(), summary.GetProperty("changed").GetInt32()));
        var change = Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("""{"kind":"changed","area":"permission","path":"roles.rep.permissions.deal.delete","before":"none","after":"own"}""",
            JsonSerializer.Serialize(change));
    }

    [Fact]
    public void Diff_ZipAgainstItsFolder_FindsNoDifferences()
    {
        using var temp = new TempDirectory();
        var zip = temp.File("published.zip");
        File.WriteAllBytes(zip, ZipPackageWriter.Write(PackageFiles.ReadAll(PackageSources.Folder(Sample))));

        var result = CliRunner.Run("diff", zip, Sample);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Equal("no differences", result.Out.Trim());
    }

    [Fact]
    public void Diff_HostileZip_ExitsOneWithTheArchiveCode()
    {
        using var temp = new TempDirectory();
        var zip = temp.File("evil.zip");
        File.WriteAllBytes(zip, new HostileZip().Package().Text("../escape.json", "{}").Build());

        var result = CliRunner.Run("diff", zip, Sample);

        Assert.True(result.ExitCode == CliApp.Invalid, result.ToString());
        Assert.Contains("FS1402", result.Out);
        Assert.Contains("does not load", result.Out);
    }

    [Fact]
    public void Diff_InvalidPackage_ExitsOneAndPrintsItsDiagnostics()
    {
        using var variant = PackageVariant.Of("b2b-saas").Edit("package.json", p => p["version"] = "1.0");

        var result = CliRunner.Run("diff", Sample, variant.Path, "--format", "json");

        Assert.True(result.ExitCode == CliApp.Invalid, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("FS1009", error.GetProperty("code").GetString());
    }
}
