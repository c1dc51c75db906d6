using System.Text;
using FunnelStudio.Loading;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>Package archives: what is accepted, and every way a hostile archive is refused with its code.</summary>
public class ZipPackageReaderTests
{
    private static ZipReadResult Read(byte[] zip, ZipLimits? limits = null) => ZipPackageReader.Read(new MemoryStream(zip), limits);

    private static void AssertRefused(ZipReadResult result, string code)
    {
        Assert.False(result.Succeeded, "expected a refusal");
        Assert.Contains(result.Problems, p => p.Code == code && p.IsError);
        Assert.Empty(result.Files);
    }

    [Fact]
    public void Read_FilesAtTheRoot_AreThePackageFiles()
    {
        var result = Read(new HostileZip().Package().Build());

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(["objects/thing.json", "package.json"], result.Files.Keys.Order(StringComparer.Ordinal));
        Assert.True(PackageLoader.Load(result.ToSource("upload")).Succeeded);
    }

    [Fact]
    public void Read_FilesInsideOneTopFolder_HaveTheFolderStripped()
    {
        var zip = new HostileZip().Bytes("my-package/", []).Package("my-package/").Text("__MACOSX/my-package/._package.json", "x").Build();

        var result = Read(zip);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(["objects/thing.json", "package.json"], result.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Read_FileOutsideThePackageFolders_IsIgnoredWithAWarning()
    {
        var result = Read(new HostileZip().Package().Text("README.md", "# hi").Text("objects/old/thing.json", "{}").Build());

        Assert.True(result.Succeeded);
        Assert.Equal(["objects/thing.json", "package.json"], result.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([("FS1409", "README.md"), ("FS1409", "objects/old/thing.json")],
            result.Problems.Select(p => (p.Code, p.File)).OrderBy(p => p.File, StringComparer.Ordinal));
        Assert.All(result.Problems, p => Assert.False(p.IsError));
    }

    [Fact]
    public void Read_ByteOrderMark_IsNotPartOfTheText()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{ "name": "p", "version": "1.0.0" }""")).ToArray();

        var result = Read(new HostileZip().Bytes("package.json", bytes).Build());

        Assert.Equal('{', result.Files["package.json"][0]);
    }

    [Theory]
    [InlineData("../package.json")]
    [InlineData("objects/../../escape.json")]
    [InlineData("/etc/passwd")]
    [InlineData("objects\\deal.json")]
    [InlineData("C:/package.json")]
    [InlineData("objects//deal.json")]
    public void Read_UnsafeEntryPath_IsRefusedWithFS1402(string name)
    {
        var result = Read(new HostileZip().Package().Text(name, "{}").Build());

        AssertRefused(result, "FS1402");
        Assert.Equal(name, result.Problems.Single(p => p.Code == "FS1402").File);
    }

    [Fact]
    public void Read_SymbolicLinkEntry_IsRefusedWithFS1403()
    {
        var zip = new HostileZip().Package().Bytes("objects/link.json", Encoding.UTF8.GetBytes("/etc/passwd"), unixMode: 0xA1FF).Build();

        AssertRefused(Read(zip), "FS1403");
    }

    [Fact]
    public void Read_MoreEntriesThanAllowed_IsRefusedWithFS1404()
    {
        var zip = new HostileZip().Package();
        for (var i = 0; i < 2_000; i++) zip.Text($"tests/t{i}.json", "[]");

        AssertRefused(Read(zip.Build()), "FS1404");
    }

    [Fact]
    public void Read_FilesTogetherOverTheTotal_AreRefusedWithFS1405()
    {
        var zip = new HostileZip().Package().Text("demo/a.json", new string(' ', 600)).Text("demo/b.json", new string(' ', 600)).Build();

        AssertRefused(Read(zip, new ZipLimits { MaxTotalBytes = 1_000 }), "FS1405");
    }

    [Fact]
    public void Read_ArchiveLargerThanAllowed_IsRefusedBeforeReading()
    {
        var zip = new HostileZip().Package().Build();
        // Not seekable: the reader cannot ask the length and must stop copying at the limit.
        using var stream = new OneWayStream(zip);

        AssertRefused(ZipPackageReader.Read(stream, new ZipLimits { MaxArchiveBytes = 100 }), "FS1405");
    }

    [Fact]
    public void Read_ZipBombDeclaringItsSize_IsRefusedWithFS1406WithoutInflating()
    {
        // 50 MB of zeros compress to about 50 KB.
        var zip = new HostileZip().Package().Bytes("demo/bomb.json", new byte[50 * 1024 * 1024]).Build();
        Assert.True(zip.Length < 200_000);

        AssertRefused(Read(zip), "FS1406");
    }

    [Fact]
    public void Read_ZipBombLyingAboutItsSize_IsRefusedWhenRead()
    {
        // Headers claim 10 bytes; the entry holds 6 MB. Nothing past the claim is inflated, and what
        // is inflated does not match the header's checksum: refused as corrupt, not cut off silently.
        var honest = new HostileZip().Package().Bytes("demo/bomb.json", new byte[6 * 1024 * 1024]).Build();
        var lying = HostileZip.LieAboutSizes(honest, 10);

        var result = Read(lying);

        AssertRefused(result, "FS1401");
        Assert.Contains(result.Problems, p => p.Code == "FS1401" && p.File == "demo/bomb.json" && p.Message.Contains("checksum"));
    }

    [Fact]
    public void Read_LargeEntryCompressedMoreThanTheRatio_IsRefusedWithFS1407()
    {
        // 3 MB of spaces: under the 5 MB file limit, but a thousand times smaller compressed.
        var zip = new HostileZip().Package().Bytes("demo/spaces.json", Encoding.ASCII.GetBytes(new string(' ', 3 * 1024 * 1024))).Build();

        AssertRefused(Read(zip), "FS1407");
    }

    [Fact]
    public void Read_TextThatIsNotUtf8_IsRefusedWithFS1408()
    {
        var latin1 = Encoding.Latin1.GetBytes("""{ "name": "café" }""");

        var result = Read(new HostileZip().Package().Bytes("demo/latin.json", latin1).Build());

        AssertRefused(result, "FS1408");
        Assert.Equal("demo/latin.json", result.Problems.Single().File);
    }

    [Fact]
    public void Read_SamePathTwice_IsRefusedWithFS1410()
    {
        AssertRefused(Read(new HostileZip().Package().Text("package.json", "{}").Build()), "FS1410");
    }

    [Fact]
    public void Read_BytesThatAreNotAZip_AreRefusedWithFS1401()
    {
        AssertRefused(Read(Encoding.UTF8.GetBytes("this is not a zip file at all, just text")), "FS1401");
    }

    [Fact]
    public void Read_EveryHostileEntry_IsReportedNotJustTheFirst()
    {
        var zip = new HostileZip().Package().Text("../a.json", "{}").Text("/b.json", "{}")
            .Bytes("objects/link.json", [], unixMode: 0xA1FF).Build();

        Assert.Equal(["FS1402", "FS1402", "FS1403"], Read(zip).Problems.Select(p => p.Code).Order());
    }

    [Fact]
    public void Load_ZipWithAnInvalidPackage_ReportsThePackageDiagnostics()
    {
        var zip = new HostileZip().Text("package.json", """{ "name": "p", "version": "1.0" }""").Build();

        var result = ZipPackageLoader.Load(new MemoryStream(zip), "upload.zip");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Code == "FS1009" && d.File == "package.json");
    }

    /// <summary>A stream that can only be read forward, as a request body is.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
