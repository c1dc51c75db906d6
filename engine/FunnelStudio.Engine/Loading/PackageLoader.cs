using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads a package folder into immutable metadata and compiles it. Three passes, each reporting
/// every problem it finds: shape (each file on its own), meaning (references across files), then
/// expressions. Bad input never throws; it becomes diagnostics with codes, files and paths.
/// </summary>
public static class PackageLoader
{
    public static LoadResult Load(string directory)
    {
        var bag = new DiagnosticBag();
        try
        {
            return LoadCore(directory, bag);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Report(DiagnosticCodes.UnreadableFile, "", "$", $"The package could not be read: {e.Message}");
            return new LoadResult(null, null, bag.Items);
        }
    }

    private static LoadResult LoadCore(string directory, DiagnosticBag bag)
    {
        var packageFile = Path.Combine(directory, "package.json");
        if (!Directory.Exists(directory) || !File.Exists(packageFile))
        {
            bag.Report(DiagnosticCodes.PackageNotFound, "package.json", "$",
                Directory.Exists(directory) ? "The folder has no package.json." : $"The folder '{directory}' does not exist.");
            return new LoadResult(null, null, bag.Items);
        }

        PackageDefinition? package = null;
        using (var doc = JsonFile.Read(packageFile, "package.json", bag))
            if (doc is not null) package = PackageReader.Read(new ElementReader(bag, "package.json"), doc.RootElement);

        var objects = ReadObjects(directory, bag);
        var tests = ReadFiles(directory, "tests", "*.json", bag, (reader, root) => TestReader.Read(reader, root).ToList())
            .SelectMany(t => t).ToList();
        var approvals = ReadSources(directory, "approvals", "*.json", bag, validateJson: true);
        var templates = ReadSources(directory, "templates", "*.sbn", bag, validateJson: false);
        var scripts = ReadSources(directory, "scripts", "*.js", bag, validateJson: false);

        if (package is null) return new LoadResult(null, null, bag.Items);
        package = package with { Objects = objects, Tests = tests, Approvals = approvals, Templates = templates, Scripts = scripts };
        if (objects.Count == 0)
            bag.Report(DiagnosticCodes.NoObjects, "package.json", "$", "The package has no objects/*.json files.");

        PackageChecker.Check(package, bag);
        TestChecker.Check(package, bag);
        // Expressions are compiled even when other checks failed, so one run reports every problem.
        var compiled = PackageCompiler.Compile(package, bag);
        return new LoadResult(package, bag.HasErrors ? null : compiled, bag.Items);
    }

    private static List<ObjectDefinition> ReadObjects(string directory, DiagnosticBag bag)
    {
        var objects = new List<ObjectDefinition>();
        foreach (var (file, relative) in Files(directory, "objects", "*.json"))
        {
            using var doc = JsonFile.Read(file, relative, bag);
            if (doc is null) continue;
            var (obj, defaults) = ObjectReader.Read(new ElementReader(bag, relative), doc.RootElement);
            if (obj is null) continue;
            if (objects.Exists(o => o.Name == obj.Name))
            {
                bag.Report(DiagnosticCodes.DuplicateName, relative, "$.name", $"Object '{obj.Name}' is defined in more than one file.");
                continue;
            }
            objects.Add(PackageChecker.BindDefaults(obj, defaults, bag));
        }
        return objects;
    }

    private static List<T> ReadFiles<T>(string directory, string folder, string pattern, DiagnosticBag bag,
        Func<ElementReader, System.Text.Json.JsonElement, T> read)
    {
        var results = new List<T>();
        foreach (var (file, relative) in Files(directory, folder, pattern))
        {
            using var doc = JsonFile.Read(file, relative, bag);
            if (doc is not null) results.Add(read(new ElementReader(bag, relative), doc.RootElement));
        }
        return results;
    }

    /// <summary>Files later capabilities interpret (approvals, templates, scripts) are kept as source text.</summary>
    private static Dictionary<string, string> ReadSources(string directory, string folder, string pattern, DiagnosticBag bag, bool validateJson)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, relative) in Files(directory, folder, pattern))
        {
            var text = JsonFile.ReadText(file, relative, bag);
            if (text is null) continue;
            if (validateJson)
            {
                using var doc = JsonFile.Parse(text, relative, bag);
                if (doc is null) continue;
            }
            var name = Path.GetFileNameWithoutExtension(file);
            if (!ElementReader.IsValidName(name))
            {
                bag.Report(DiagnosticCodes.InvalidName, relative, "$", $"File name '{name}' must be a valid name (a–z, 0–9, _).");
                continue;
            }
            sources[name] = text;
        }
        return sources;
    }

    private static IEnumerable<(string File, string Relative)> Files(string directory, string folder, string pattern)
    {
        var path = Path.Combine(directory, folder);
        if (!Directory.Exists(path)) return [];
        return Directory.EnumerateFiles(path, pattern, SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .Select(f => (f, $"{folder}/{Path.GetFileName(f)}"));
    }
}
