using System.IO.Compression;
using System.Text;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>Builds zip archives for the reader's tests, hostile ones included, with System.IO.Compression itself.</summary>
internal sealed class HostileZip
{
    private readonly List<(string Name, byte[] Bytes, int? Attributes)> _entries = [];

    public HostileZip Text(string name, string text) => Bytes(name, Encoding.UTF8.GetBytes(text));

    public HostileZip Bytes(string name, byte[] bytes, int? unixMode = null)
    {
        _entries.Add((name, bytes, unixMode));
        return this;
    }

    /// <summary>A minimal valid package: package.json and one object.</summary>
    public HostileZip Package(string prefix = "") => Text(prefix + "package.json", """{ "name": "p", "version": "1.0.0" }""")
        .Text(prefix + "objects/thing.json", """{ "name": "thing", "label": "Thing", "fields": [ { "name": "title", "type": "text", "label": "Title" } ] }""");

    public byte[] Build()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes, mode) in _entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                if (mode is { } m) entry.ExternalAttributes = m << 16;
                if (name.EndsWith('/')) continue;
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Rewrites the uncompressed size every header of the archive declares (local headers and central
    /// directory) to <paramref name="declared"/>: a zip that lies about how large its files are.
    /// </summary>
    public static byte[] LieAboutSizes(byte[] zip, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), declared);
            else if (signature == 0x02014b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), declared);
        }
        return bytes;
    }
}
