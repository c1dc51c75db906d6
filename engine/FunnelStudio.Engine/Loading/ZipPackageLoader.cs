using FunnelStudio.Diagnostics;

namespace FunnelStudio.Loading;

/// <summary>
/// Loads a package from a zip: <see cref="ZipPackageReader"/> first, then <see cref="PackageLoader"/>
/// over the files it accepted. One <see cref="LoadResult"/> with the archive's problems before the
/// package's, so a caller treats a zip like a folder.
/// </summary>
public static class ZipPackageLoader
{
    public static LoadResult Load(Stream zip, string description, ZipLimits? limits = null)
    {
        var read = ZipPackageReader.Read(zip, limits);
        if (!read.Succeeded) return new LoadResult(null, null, read.Problems);
        var load = PackageLoader.Load(read.ToSource(description));
        return read.Problems.Count == 0 ? load : load with { Diagnostics = [.. read.Problems, .. load.Diagnostics] };
    }

    /// <summary>Loads a zip file; a file that cannot be opened is a diagnostic, not an exception.</summary>
    public static LoadResult Load(string zipFile, ZipLimits? limits = null)
    {
        try
        {
            using var stream = File.OpenRead(zipFile);
            return Load(stream, zipFile, limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var bag = new DiagnosticBag();
            var code = File.Exists(zipFile) ? DiagnosticCodes.UnreadableFile : DiagnosticCodes.PackageNotFound;
            bag.Report(code, "", "$", $"'{zipFile}' could not be opened: {e.Message}");
            return new LoadResult(null, null, bag.Items);
        }
    }
}
