using System.IO.Compression;
using System.Text;

namespace FunnelStudio.Loading;

/// <summary>
/// Writes package files as a zip (the export of a config version). The same files give the same
/// bytes: entries sorted by path, UTF-8 without a byte order mark, one fixed timestamp — so an
/// archive's hash says whether two exports hold the same package.
/// </summary>
public static class ZipPackageWriter
{
    /// <summary>The earliest time a zip header can hold; no export pretends to know when a file was edited.</summary>
    public static readonly DateTimeOffset Timestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(IReadOnlyDictionary<string, string> files, Stream output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Utf8);
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var why = ZipEntryPath.Unsafe(path) ?? (ZipEntryPath.IsDirectory(path) ? "it is a folder" : null);
            if (why is not null) throw new ArgumentException($"'{path}' cannot be a package file path: {why}.", nameof(files));
            var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = Timestamp;
            using var stream = entry.Open();
            stream.Write(Utf8.GetBytes(text));
        }
    }

    /// <summary>The archive as bytes.</summary>
    public static byte[] Write(IReadOnlyDictionary<string, string> files)
    {
        using var output = new MemoryStream();
        Write(files, output);
        return output.ToArray();
    }
}
