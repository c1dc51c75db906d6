using FunnelStudio.Diagnostics;
using FunnelStudio.Loading;

namespace FunnelStudio.Versions;

/// <summary>A package as a zip: what a draft is uploaded as and a version exported as.</summary>
public interface IPackageArchive
{
    /// <summary>The files of a zip (relative path → text), or null with the problems (bad zip, unsafe path, too large, a zip bomb).</summary>
    (IReadOnlyDictionary<string, string>? Files, IReadOnlyList<Diagnostic> Problems) Read(Stream zip);

    /// <summary>Writes exactly <paramref name="files"/> as a zip (the same files give the same bytes).</summary>
    void Write(IReadOnlyDictionary<string, string> files, Stream output);
}

/// <summary>
/// <see cref="ZipPackageReader"/> with its default limits (20 MB, 2,000 entries, 5 MB a file, 100:1
/// at most on large entries; FS14xx codes) and <see cref="ZipPackageWriter"/>.
/// </summary>
public sealed class ZipPackageArchive : IPackageArchive
{
    public (IReadOnlyDictionary<string, string>? Files, IReadOnlyList<Diagnostic> Problems) Read(Stream zip)
    {
        var result = ZipPackageReader.Read(zip);
        return (result.Succeeded ? result.Files : null, result.Problems);
    }

    public void Write(IReadOnlyDictionary<string, string> files, Stream output) => ZipPackageWriter.Write(files, output);
}
