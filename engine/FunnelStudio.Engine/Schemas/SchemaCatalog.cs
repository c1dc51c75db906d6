namespace FunnelStudio.Schemas;

/// <summary>
/// The JSON Schemas (draft 2020-12) of the package format, embedded in the engine: they are the
/// contract editors, the designer and the CLI share. <c>funnelstudio schema --out DIR</c> writes them.
/// </summary>
public static class SchemaCatalog
{
    private const string Prefix = "FunnelStudio.Schemas.";

    /// <summary>File names of the embedded schemas, e.g. <c>object.schema.json</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(SchemaCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string Read(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new ArgumentException($"No schema named '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes every schema into <paramref name="directory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        return Names.Select(name =>
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, Read(name));
            return path;
        }).ToArray();
    }
}
