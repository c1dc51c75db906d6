using FunnelStudio.Loading;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Engine.Tests.Versions;

public class ZipPackageWriterTests
{
    private static IReadOnlyDictionary<string, string> SampleFiles() =>
        PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));

    [Fact]
    public void Write_ThenRead_GivesTheSameFiles()
    {
        var files = SampleFiles();

        var read = ZipPackageReader.Read(new MemoryStream(ZipPackageWriter.Write(files)));

        Assert.True(read.Succeeded, string.Join("\n", read.Problems));
        Assert.Empty(read.Problems);
        Assert.Equal(files.OrderBy(f => f.Key, StringComparer.Ordinal), read.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.True(PackageLoader.Load(read.ToSource("zip")).Succeeded);
    }

    [Fact]
    public void Write_SameFilesInAnotherOrder_GivesTheSameBytes()
    {
        var files = SampleFiles();
        var reversed = files.Reverse().ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal(ZipPackageWriter.Write(files), ZipPackageWriter.Write(reversed));
    }

    [Fact]
    public void Write_TextWithNonAsciiCharacters_IsUtf8WithoutAByteOrderMark()
    {
        var read = ZipPackageReader.Read(new MemoryStream(ZipPackageWriter.Write(new Dictionary<string, string> { ["package.json"] = "商机" })));

        Assert.Equal("商机", read.Files["package.json"]);
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(ZipPackageWriter.Write(new Dictionary<string, string> { ["package.json"] = "商机" })));
        using var stream = archive.Entries[0].Open();
        Assert.Equal(0xE5, stream.ReadByte());
    }

    [Fact]
    public void Write_UnsafePath_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ZipPackageWriter.Write(new Dictionary<string, string> { ["../package.json"] = "{}" }));
    }
}
