namespace FunnelStudio.Loading;

/// <summary>Reads every file of a package source, for storing it as a config version.</summary>
public static class PackageFiles
{
    public static IReadOnlyDictionary<string, string> ReadAll(IPackageSource source)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (source.Exists("package.json")) files["package.json"] = source.ReadText("package.json");
        foreach (var (folder, extension) in PackageLoader.Folders)
            foreach (var path in source.List(folder, extension))
                files[path] = source.ReadText(path);
        // The enabled plugins' files go with the package: a version runs the plugin code it was published with.
        foreach (var path in PluginFiles.ListEnabled(source))
            files[path] = source.ReadText(path);
        return files;
    }
}
