using System.IO.Compression;
using System.Text;
using FunnelStudio.Diagnostics;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads a package uploaded as a zip into its files, refusing what could harm the server: paths that
/// climb out of the package, symbolic links, too many or too large entries, zip bombs (sizes are
/// measured while inflating, never taken from the headers) and text that is not UTF-8. Files may sit
/// at the archive's root or inside one top folder. Entries that are not package files are ignored
/// with a warning. Bad input never throws: every problem is a diagnostic with an FS14xx code.
/// </summary>
public static class ZipPackageReader
{
    private const int SymlinkMode = 0xA000;
    private const int FileTypeMask = 0xF000;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ZipReadResult Read(Stream zip, ZipLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        limits ??= ZipLimits.Default;
        var bag = new DiagnosticBag();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            ReadCore(zip, limits, bag, files);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            bag.Report(DiagnosticCodes.ZipUnreadable, "", "$", $"The archive cannot be read as a zip file: {e.Message}");
        }
        return new ZipReadResult(bag.HasErrors ? new Dictionary<string, string>() : files, bag.Items);
    }

    private static void ReadCore(Stream zip, ZipLimits limits, DiagnosticBag bag, Dictionary<string, string> files)
    {
        var buffered = Buffer(zip, limits, bag);
        if (buffered is null) return;
        // The caller's stream stays open (it is theirs); a copy made here is disposed here.
        using var copy = buffered == zip ? null : buffered;
        using var archive = new ZipArchive(buffered, ZipArchiveMode.Read, leaveOpen: true);
        var entries = archive.Entries;
        if (entries.Count > limits.MaxEntries)
        {
            bag.Report(DiagnosticCodes.ZipTooManyEntries, "", "$", $"The archive has {entries.Count:N0} entries; at most {limits.MaxEntries:N0} are allowed.");
            return;
        }

        var accepted = CheckHeaders(entries, limits, bag);
        // A hostile archive is not inflated at all: its headers already said enough.
        if (bag.HasErrors) return;

        var top = ZipEntryPath.TopFolder(accepted.Select(e => e.FullName).ToList());
        long total = 0;
        foreach (var entry in accepted)
        {
            var path = entry.FullName[top.Length..];
            if (ZipEntryPath.IsArchiverNoise(path)) continue;
            if (!ZipEntryPath.IsPackageFile(path))
            {
                bag.Report(DiagnosticCodes.ZipIgnoredEntry, entry.FullName, "$",
                    $"'{entry.FullName}' is not package.json or a file of a package folder ({string.Join(", ", PackageLoader.Folders.Select(f => f.Folder + "/*" + f.Extension))}); it is ignored.");
                continue;
            }
            var bytes = Inflate(entry, limits, bag);
            if (bytes is null) continue;
            total += bytes.Length;
            if (total > limits.MaxTotalBytes)
            {
                bag.Report(DiagnosticCodes.ZipTooLarge, entry.FullName, "$", $"The archive's files inflate to more than {limits.MaxTotalBytes:N0} bytes in all.");
                return;
            }
            var text = Decode(bytes, entry.FullName, bag);
            if (text is not null) files[path] = text;
        }
    }

    /// <summary>Non-seekable uploads are copied into memory, at most <see cref="ZipLimits.MaxArchiveBytes"/> of them.</summary>
    private static Stream? Buffer(Stream zip, ZipLimits limits, DiagnosticBag bag)
    {
        if (zip.CanSeek)
        {
            if (zip.Length - zip.Position <= limits.MaxArchiveBytes) return zip;
            bag.Report(DiagnosticCodes.ZipTooLarge, "", "$", $"The archive is {zip.Length - zip.Position:N0} bytes; at most {limits.MaxArchiveBytes:N0} are allowed.");
            return null;
        }
        var copy = new MemoryStream();
        if (BoundedCopy(zip, copy, limits.MaxArchiveBytes) > limits.MaxArchiveBytes)
        {
            bag.Report(DiagnosticCodes.ZipTooLarge, "", "$", $"The archive is larger than {limits.MaxArchiveBytes:N0} bytes.");
            copy.Dispose();
            return null;
        }
        copy.Position = 0;
        return copy;
    }

    /// <summary>What the central directory claims, checked before a byte is inflated; returns the file entries to read.</summary>
    private static List<ZipArchiveEntry> CheckHeaders(IReadOnlyCollection<ZipArchiveEntry> entries, ZipLimits limits, DiagnosticBag bag)
    {
        var accepted = new List<ZipArchiveEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long declared = 0;
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            if (ZipEntryPath.Unsafe(name) is { } why)
            {
                bag.Report(DiagnosticCodes.ZipUnsafePath, name, "$", $"Entry '{name}' is refused: {why}.");
                continue;
            }
            if (((entry.ExternalAttributes >>> 16) & FileTypeMask) == SymlinkMode)
            {
                bag.Report(DiagnosticCodes.ZipSymlink, name, "$", $"Entry '{name}' is a symbolic link; a package holds files only.");
                continue;
            }
            if (!seen.Add(name.TrimEnd('/')))
            {
                bag.Report(DiagnosticCodes.ZipDuplicateEntry, name, "$", $"Entry '{name}' appears more than once.");
                continue;
            }
            if (ZipEntryPath.IsDirectory(name)) continue;
            if (entry.Length > limits.MaxEntryBytes)
            {
                bag.Report(DiagnosticCodes.ZipEntryTooLarge, name, "$", $"Entry '{name}' declares {entry.Length:N0} bytes; a package file may have at most {limits.MaxEntryBytes:N0}.");
                continue;
            }
            declared += entry.Length;
            accepted.Add(entry);
        }
        if (declared > limits.MaxTotalBytes)
            bag.Report(DiagnosticCodes.ZipTooLarge, "", "$", $"The archive's files declare {declared:N0} bytes in all; at most {limits.MaxTotalBytes:N0} are allowed.");
        return accepted;
    }

    /// <summary>
    /// Inflates one entry, counting the bytes that actually come out: reading stops one byte past the
    /// limit, whatever the header said. Null (and a diagnostic) when the entry is refused.
    /// </summary>
    private static byte[]? Inflate(ZipArchiveEntry entry, ZipLimits limits, DiagnosticBag bag)
    {
        var name = entry.FullName;
        using var output = new MemoryStream();
        try
        {
            using var input = entry.Open();
            BoundedCopy(input, output, limits.MaxEntryBytes);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            bag.Report(DiagnosticCodes.ZipUnreadable, name, "$", $"Entry '{name}' cannot be inflated: {e.Message}");
            return null;
        }
        var size = output.Length;
        // The runtime's inflater stops where the header says the entry ends, so a header that lies
        // about the size gives a cut-off file, not an error; the checksum of what came out tells.
        if (size <= limits.MaxEntryBytes && ZipCrc32.Of(output.GetBuffer().AsSpan(0, (int)size)) != entry.Crc32)
        {
            bag.Report(DiagnosticCodes.ZipUnreadable, name, "$", $"Entry '{name}' does not match its checksum: its header's size or content is wrong.");
            return null;
        }
        if (size > limits.MaxEntryBytes)
        {
            bag.Report(DiagnosticCodes.ZipEntryTooLarge, name, "$", $"Entry '{name}' inflates to more than {limits.MaxEntryBytes:N0} bytes (its header said {entry.Length:N0}).");
            return null;
        }
        if (size >= limits.RatioCheckedFromBytes && size > Math.Max(1, entry.CompressedLength) * (long)limits.MaxCompressionRatio)
        {
            bag.Report(DiagnosticCodes.ZipCompressionRatio, name, "$",
                $"Entry '{name}' inflates {size:N0} bytes from {entry.CompressedLength:N0}, more than {limits.MaxCompressionRatio}:1.");
            return null;
        }
        return output.ToArray();
    }

    private static string? Decode(byte[] bytes, string name, DiagnosticBag bag)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            // As File.ReadAllText does for a package folder: a byte order mark is not part of the text.
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            bag.Report(DiagnosticCodes.ZipNotUtf8, name, "$", $"Entry '{name}' is not UTF-8 text.");
            return null;
        }
    }

    /// <summary>Copies at most <paramref name="limit"/> + 1 bytes (so "over the limit" is seen) and returns how many.</summary>
    private static long BoundedCopy(Stream input, Stream output, long limit)
    {
        var buffer = new byte[81920];
        long copied = 0;
        while (copied <= limit)
        {
            var want = (int)Math.Min(buffer.Length, limit + 1 - copied);
            var read = input.Read(buffer, 0, want);
            if (read == 0) break;
            output.Write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }
}
