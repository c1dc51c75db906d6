using System.Text.RegularExpressions;

namespace FunnelStudio.Loading;

/// <summary>
/// The path rules of a package archive: which entry names are safe to hold, whether the files sit in
/// one top folder (as "Compress folder" makes them), and which paths are package files at all.
/// </summary>
internal static partial class ZipEntryPath
{
    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();

    /// <summary>Null when <paramref name="name"/> is safe, else why not.</summary>
    public static string? Unsafe(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Contains('\\')) return "it contains a backslash";
        if (name.StartsWith('/')) return "it is absolute";
        if (DriveLetter().IsMatch(name)) return "it names a drive";
        if (name.Any(char.IsControl)) return "it contains a control character";
        var segments = name.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." or ".")) return "it has a '..' or '.' segment";
        if (segments.Any(s => s.Length == 0)) return "it has an empty segment";
        return null;
    }

    public static bool IsDirectory(string name) => name.EndsWith('/');

    /// <summary>Archivers' own files (macOS resource forks, Finder and git placeholders): skipped without a word.</summary>
    public static bool IsArchiverNoise(string path) =>
        path.StartsWith("__MACOSX/", StringComparison.Ordinal) || path.Split('/')[^1].StartsWith('.');

    /// <summary>
    /// The folder to strip: when package.json is not at the root and every file sits inside one and the
    /// same top folder, that folder (with its slash); otherwise "".
    /// </summary>
    public static string TopFolder(IReadOnlyCollection<string> files)
    {
        var relevant = files.Where(f => !IsArchiverNoise(f)).ToList();
        if (relevant.Count == 0 || relevant.Contains("package.json")) return "";
        var slash = relevant[0].IndexOf('/');
        if (slash <= 0) return "";
        var top = relevant[0][..(slash + 1)];
        return relevant.All(f => f.StartsWith(top, StringComparison.Ordinal)) ? top : "";
    }

    /// <summary>package.json, or a file directly in one of <see cref="PackageLoader.Folders"/> with that folder's extension.</summary>
    public static bool IsPackageFile(string path)
    {
        if (path == "package.json") return true;
        if (PluginFiles.IsPluginFile(path)) return true;
        var slash = path.IndexOf('/');
        if (slash <= 0 || path.IndexOf('/', slash + 1) >= 0) return false;
        var folder = path[..slash];
        return PackageLoader.Folders.Any(f => f.Folder == folder && path.EndsWith(f.Extension, StringComparison.Ordinal));
    }
}
