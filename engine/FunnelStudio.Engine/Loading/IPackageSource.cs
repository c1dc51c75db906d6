namespace FunnelStudio.Loading;

/// <summary>
/// Where a package's files come from: a folder on disk, or the files of a stored config version.
/// Paths are relative, with '/' separators (<c>objects/deal.json</c>).
/// </summary>
public interface IPackageSource
{
    /// <summary>How to name the package in messages (the folder, or the version).</summary>
    string Description { get; }

    bool Exists(string path);

    /// <summary>The files directly in <paramref name="folder"/> ending in <paramref name="extension"/>, sorted.</summary>
    IEnumerable<string> List(string folder, string extension);

    long Size(string path);

    string ReadText(string path);
}

/// <summary>A package folder on disk.</summary>
public sealed class FolderPackageSource(string directory) : IPackageSource
{
    public string Directory { get; } = directory;
    public string Description => Directory;

    public bool Exists(string path) => File.Exists(Full(path));

    public IEnumerable<string> List(string folder, string extension)
    {
        var full = Full(folder);
        if (!System.IO.Directory.Exists(full)) return [];
        return System.IO.Directory.EnumerateFiles(full, "*" + extension, SearchOption.TopDirectoryOnly)
            .Select(f => $"{folder}/{Path.GetFileName(f)}")
            .Order(StringComparer.Ordinal);
    }

    public long Size(string path) => new FileInfo(Full(path)).Length;

    public string ReadText(string path) => File.ReadAllText(Full(path));

    private string Full(string path) => Path.Combine(Directory, path);
}

/// <summary>A package held in memory, e.g. the files of a stored config version.</summary>
public sealed class MemoryPackageSource(IReadOnlyDictionary<string, string> files, string description) : IPackageSource
{
    public string Description { get; } = description;

    public bool Exists(string path) => files.ContainsKey(path);

    public IEnumerable<string> List(string folder, string extension) => files.Keys
        .Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal) && k.EndsWith(extension, StringComparison.Ordinal)
            && k.IndexOf('/', folder.Length + 1) < 0)
        .Order(StringComparer.Ordinal);

    public long Size(string path) => System.Text.Encoding.UTF8.GetByteCount(files[path]);

    public string ReadText(string path) => files[path];
}
