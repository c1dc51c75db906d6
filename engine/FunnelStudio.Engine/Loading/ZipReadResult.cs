using FunnelStudio.Diagnostics;

namespace FunnelStudio.Loading;

/// <summary>
/// The package files read from an archive (path → UTF-8 text, paths relative to the package with '/'),
/// and every problem found. When any problem is an error, <see cref="Files"/> is empty: an archive is
/// taken whole or not at all.
/// </summary>
public sealed record ZipReadResult(IReadOnlyDictionary<string, string> Files, IReadOnlyList<Diagnostic> Problems)
{
    public bool Succeeded => !Problems.Any(p => p.IsError);

    /// <summary>The files as a package source for <see cref="PackageLoader.Load(IPackageSource)"/>.</summary>
    public MemoryPackageSource ToSource(string description) => new(Files, description);
}
