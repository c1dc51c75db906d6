using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunnelStudio.Loading;

/// <summary>
/// Where plugin files sit in a package source: <c>plugins/&lt;id&gt;/plugin.json</c> and
/// <c>plugins/&lt;id&gt;/*.js</c>. A stored version and a zip hold them inside the package; a package
/// folder on disk finds them in the nearest <c>plugins/</c> folder up its tree (the repository's
/// top-level one) through <see cref="PluginFolderSource"/>.
/// </summary>
public static partial class PluginFiles
{
    public const string Folder = "plugins";
    public const string Manifest = "plugin.json";

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,62}\z")]
    private static partial Regex IdPattern();

    /// <summary>Plugin ids are lower-case words joined by hyphens (<c>lead-scoring</c>).</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static string ManifestPath(string id) => $"{Folder}/{id}/{Manifest}";

    /// <summary>True for <c>plugins/&lt;id&gt;/plugin.json</c> and <c>plugins/&lt;id&gt;/&lt;file&gt;.js</c>.</summary>
    public static bool IsPluginFile(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 3 && parts[0] == Folder && IsValidId(parts[1])
            && (parts[2] == Manifest || parts[2].EndsWith(".js", StringComparison.Ordinal) && parts[2].Length > 3);
    }

    /// <summary>The files of the plugins <c>package.json</c> enables that the source has.</summary>
    public static IEnumerable<string> ListEnabled(IPackageSource source)
    {
        foreach (var id in EnabledIds(source))
        {
            if (source.Exists(ManifestPath(id))) yield return ManifestPath(id);
            foreach (var script in source.List($"{Folder}/{id}", ".js")) yield return script;
        }
    }

    /// <summary>The ids in <c>package.json</c>'s <c>plugins</c> (strings or <c>{ "id" }</c> objects); none when it does not parse.</summary>
    public static IReadOnlyList<string> EnabledIds(IPackageSource source)
    {
        if (!source.Exists("package.json")) return [];
        try
        {
            using var doc = JsonDocument.Parse(source.ReadText("package.json"));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("plugins", out var plugins)
                || plugins.ValueKind != JsonValueKind.Array) return [];
            return plugins.EnumerateArray()
                .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()
                    : p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()
                    : null)
                .Where(IsValidId).Select(id => id!).Distinct().ToList();
        }
        catch (JsonException)
        {
            return []; // the loader reports the broken package.json
        }
    }

    /// <summary>
    /// The <c>plugins</c> folder a package folder uses: its own, else the nearest one in a folder
    /// above it (a repository keeps packages in <c>sample-configs/</c> and plugins at the top).
    /// </summary>
    public static string? FindFolder(string packageDirectory)
    {
        for (var dir = new DirectoryInfo(packageDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>
/// A package folder seen together with a plugins folder kept elsewhere: <c>plugins/…</c> paths read
/// from <paramref name="pluginsDirectory"/>, everything else from the package.
/// </summary>
public sealed class PluginFolderSource(IPackageSource package, string pluginsDirectory) : IPackageSource
{
    private readonly FolderPackageSource _plugins = new(Path.GetDirectoryName(Path.GetFullPath(pluginsDirectory).TrimEnd(Path.DirectorySeparatorChar))!);

    public string Description => package.Description;

    public bool Exists(string path) => IsPlugin(path) ? _plugins.Exists(path) : package.Exists(path);

    public IEnumerable<string> List(string folder, string extension) =>
        IsPlugin(folder + "/") ? _plugins.List(folder, extension) : package.List(folder, extension);

    public long Size(string path) => IsPlugin(path) ? _plugins.Size(path) : package.Size(path);

    public string ReadText(string path) => IsPlugin(path) ? _plugins.ReadText(path) : package.ReadText(path);

    private static bool IsPlugin(string path) => path.StartsWith(PluginFiles.Folder + "/", StringComparison.Ordinal);
}

/// <summary>Opens package folders the way every command and the portal should: with their plugins.</summary>
public static class PackageSources
{
    /// <summary>
    /// The package folder, reading <c>plugins/…</c> from its own <c>plugins/</c> folder when it has one,
    /// else from the nearest one above it (<see cref="PluginFiles.FindFolder"/>).
    /// </summary>
    public static IPackageSource Folder(string directory)
    {
        var folder = new FolderPackageSource(directory);
        if (System.IO.Directory.Exists(Path.Combine(directory, PluginFiles.Folder))) return folder;
        var plugins = PluginFiles.FindFolder(directory);
        return plugins is null ? folder : new PluginFolderSource(folder, plugins);
    }
}
