using System.IO.Compression;
using System.Text;
using FunnelStudio.Diagnostics;

namespace FunnelStudio.Versions;

/// <summary>
/// TEMPORARY stand-in for <c>Loading/ZipPackageReader</c>, registered only when no other
/// <see cref="IPackageArchive"/> is: reads UTF-8 entries, refuses paths that leave the package
/// (<c>..</c>, rooted) and more than <see cref="MaxBytes"/> in all; a zip whose files sit in one
/// top folder (as "compress folder" makes them) is read from inside it.
/// </summary>
public sealed class SimplePackageArchive : IPackageArchive
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public (IReadOnlyDictionary<string, string>? Files, IReadOnlyList<Diagnostic> Problems) Read(Stream zip)
    {
        var problems = new List<Diagnostic>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                var path = entry.FullName.Replace('\\', '/');
                if (path.StartsWith('/') || path.Contains(':') || path.Split('/').Any(p => p is ".." or "." or ""))
                {
                    problems.Add(Problem("ARCHIVE_PATH", entry.FullName, $"The entry '{entry.FullName}' is not a plain relative path."));
                    continue;
                }
                // Counted as read, not as declared: an entry may claim less than it inflates to.
                using var bytes = new MemoryStream();
                using (var inflated = entry.Open())
                {
                    var chunk = new byte[81920];
                    int read;
                    while ((read = inflated.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        total += read;
                        if (total > MaxBytes)
                            return (null, [Problem("ARCHIVE_TOO_LARGE", "", $"The package holds more than {MaxBytes / (1024 * 1024)} MB.")]);
                        bytes.Write(chunk, 0, read);
                    }
                }
                files[path] = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.GetBuffer(), 0, (int)bytes.Length).TrimStart('\uFEFF');
            }
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or IOException)
        {
            return (null, [Problem("ARCHIVE_INVALID", "", $"The body is not a readable zip of UTF-8 text files: {e.Message}")]);
        }
        if (problems.Count > 0) return (null, problems);
        return (WithoutTopFolder(files), []);
    }

    public void Write(IReadOnlyDictionary<string, string> files, Stream output)
    {
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            using var writer = new StreamWriter(archive.CreateEntry(path, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
    }

    private static Dictionary<string, string> WithoutTopFolder(Dictionary<string, string> files)
    {
        if (files.ContainsKey("package.json")) return files;
        var tops = files.Keys.Select(k => k.Split('/')[0]).Distinct().ToList();
        if (tops.Count != 1 || !files.ContainsKey($"{tops[0]}/package.json")) return files;
        return files.ToDictionary(f => f.Key[(tops[0].Length + 1)..], f => f.Value, StringComparer.Ordinal);
    }

    private static Diagnostic Problem(string code, string file, string message) => new(code, DiagnosticSeverity.Error, file, "$", message);
}
