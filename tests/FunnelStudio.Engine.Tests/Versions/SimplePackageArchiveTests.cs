using System.IO.Compression;
using System.Text;
using FunnelStudio.Versions;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>The stand-in zip reader: files round trip; paths leaving the package, bombs and non-zips are refused with a code.</summary>
public sealed class SimplePackageArchiveTests
{
    private readonly SimplePackageArchive _archive = new();

    [Fact]
    public void WriteThenRead_GivesBackExactlyTheFiles()
    {
        var files = new Dictionary<string, string> { ["package.json"] = "{ \"name\": \"p\" }", ["objects/deal.json"] = "{ \"label\": \"商机\" }" };
        using var zip = new MemoryStream();

        _archive.Write(files, zip);
        zip.Position = 0;
        var (read, problems) = _archive.Read(zip);

        Assert.Empty(problems);
        Assert.Equal(files.OrderBy(f => f.Key), read!.OrderBy(f => f.Key));
    }

    [Fact]
    public void Read_OfFilesInOneTopFolder_ReadsThemFromInsideIt()
    {
        var (read, _) = _archive.Read(Zip(("pkg/package.json", "{}"), ("pkg/objects/a.json", "{}")));

        Assert.Equal(["objects/a.json", "package.json"], read!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../evil.json")]
    [InlineData("objects/../../evil.json")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/evil.json")]
    public void Read_OfAPathLeavingThePackage_IsRefused(string path)
    {
        var (read, problems) = _archive.Read(Zip(("package.json", "{}"), (path, "x")));

        Assert.Null(read);
        Assert.Equal("ARCHIVE_PATH", Assert.Single(problems).Code);
    }

    [Fact]
    public void Read_OfMoreThan20MegabytesInflated_IsRefused()
    {
        var (read, problems) = _archive.Read(Zip(("package.json", new string(' ', 21 * 1024 * 1024))));

        Assert.Null(read);
        Assert.Equal("ARCHIVE_TOO_LARGE", Assert.Single(problems).Code);
    }

    [Fact]
    public void Read_OfSomethingElse_IsRefusedAsInvalid()
    {
        var (read, problems) = _archive.Read(new MemoryStream(Encoding.UTF8.GetBytes("not a zip")));

        Assert.Null(read);
        Assert.Equal("ARCHIVE_INVALID", Assert.Single(problems).Code);
    }

    private static MemoryStream Zip(params (string Path, string Text)[] entries)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(path).Open());
                writer.Write(text);
            }
        buffer.Position = 0;
        return buffer;
    }
}
