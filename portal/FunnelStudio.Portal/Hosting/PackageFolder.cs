namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Finds the package folder named in the settings. A relative path is tried against the content
/// root and then each parent folder, so <c>dotnet run --project portal/FunnelStudio.Portal</c> from
/// the repository root, a run from the project folder and the tests (whose content root is the
/// project folder) all find <c>sample-configs/…</c> at the repository root.
/// </summary>
public static class PackageFolder
{
    public static string Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
            return Directory.Exists(configured) ? configured
                : throw new DirectoryNotFoundException($"The config package folder '{configured}' does not exist.");
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, configured);
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"The config package folder '{configured}' was found neither under the content root nor under any of its parents.");
    }
}
