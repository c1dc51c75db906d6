using FunnelStudio.Diagnostics;

namespace FunnelStudio.Versions;

/// <summary>
/// A package as a zip: what a draft is uploaded as and a version exported as. The real reader is
/// <c>Loading/ZipPackageReader</c>; until it is registered, <see cref="SimplePackageArchive"/> stands in.
/// </summary>
public interface IPackageArchive
{
    /// <summary>The files of a zip (relative path → text), or null with the problems (bad zip, unsafe path, too large).</summary>
    (IReadOnlyDictionary<string, string>? Files, IReadOnlyList<Diagnostic> Problems) Read(Stream zip);

    /// <summary>Writes exactly <paramref name="files"/> as a zip.</summary>
    void Write(IReadOnlyDictionary<string, string> files, Stream output);
}
