using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>A package from memory (a stored config version) loads exactly like the same files in a folder.</summary>
public class PackageSourceTests
{
    private static Dictionary<string, string> MinimalFiles()
    {
        var builder = PackageBuilder.Minimal();
        return builder.Files.ToDictionary(f => f, builder.Text);
    }

    [Fact]
    public void Load_MemorySource_GivesTheSamePackageAsTheFolder()
    {
        var fromMemory = PackageLoader.Load(new MemoryPackageSource(MinimalFiles(), "version 3"));
        var fromFolder = PackageBuilder.Minimal().Load();

        Assert.True(fromMemory.Succeeded, DiagnosticAssert.Describe(fromMemory));
        Assert.Equal(fromFolder.Package!.Objects.Keys.Order(), fromMemory.Package!.Objects.Keys.Order());
        Assert.Equal(
            fromFolder.Package.Object("deal")!.Definition.Fields.Select(f => f.Name),
            fromMemory.Package.Object("deal")!.Definition.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Load_MemorySourceWithErrors_ReportsThemWithTheSameFilesAndPaths()
    {
        var files = MinimalFiles();
        files["package.json"] = files["package.json"].Replace("\"1.0.0\"", "\"1.0\"");
        files["objects/broken.json"] = "{\n  \"name\": oops\n}";

        var result = PackageLoader.Load(new MemoryPackageSource(files, "version 3"));

        DiagnosticAssert.Has(result, "FS1009", Error, "package.json", "$.version");
        var malformed = DiagnosticAssert.Has(result, "FS1001", Error, "objects/broken.json", "$");
        Assert.Equal((2, 11), (malformed.Line, malformed.Column));
    }

    [Fact]
    public void Load_MemorySourceWithoutPackageJson_ReportsFS1000NamingTheSource()
    {
        var files = MinimalFiles();
        files.Remove("package.json");

        var result = PackageLoader.Load(new MemoryPackageSource(files, "version 3"));

        var d = DiagnosticAssert.Has(result, "FS1000", Error, "package.json", "$");
        Assert.Contains("version 3", d.Message);
    }

    [Fact]
    public void Load_MemorySourceFileOverFiveMegabytes_ReportsFS1007()
    {
        var files = MinimalFiles();
        files["objects/huge.json"] = "{" + new string(' ', 5 * 1024 * 1024) + "}";

        var result = PackageLoader.Load(new MemoryPackageSource(files, "version 3"));

        DiagnosticAssert.Has(result, "FS1007", Error, "objects/huge.json", "$");
    }

    [Fact]
    public void Load_FilesInSubfoldersOrWithOtherExtensions_AreIgnored()
    {
        var files = MinimalFiles();
        files["objects/old/deal.json"] = "not json";
        files["objects/notes.txt"] = "not json";

        var result = PackageLoader.Load(new MemoryPackageSource(files, "version 3"));

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
        Assert.Empty(result.Diagnostics);
    }
}
