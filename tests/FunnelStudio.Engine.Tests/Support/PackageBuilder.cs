using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>
/// Builds a package in memory — by default the valid <c>TestData/minimal</c> package — lets a test
/// replace, edit or delete single files, then writes it to a temp folder and loads it.
/// </summary>
public sealed class PackageBuilder
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    private PackageBuilder()
    {
    }

    /// <summary>The valid minimal package: an account object and a deal object with a six-stage pipeline.</summary>
    public static PackageBuilder Minimal() => FromFolder(Fixtures.Folder("minimal"));

    public static PackageBuilder Empty() => new();

    public static PackageBuilder FromFolder(string folder)
    {
        var builder = new PackageBuilder();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            builder._files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        // A sample's plugins sit in the repository's top-level plugins/ folder; the copy carries them itself.
        if (!Directory.Exists(Path.Combine(folder, PluginFiles.Folder)) && PluginFiles.FindFolder(folder) is { } plugins)
            foreach (var file in Directory.EnumerateFiles(plugins, "*", SearchOption.AllDirectories))
                builder._files[PluginFiles.Folder + "/" + Path.GetRelativePath(plugins, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        return builder;
    }

    public IReadOnlyCollection<string> Files => _files.Keys;

    public string Text(string path) => Encoding.UTF8.GetString(_files[path]);

    public PackageBuilder With(string path, string text)
    {
        _files[path] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public PackageBuilder WithBytes(string path, byte[] bytes)
    {
        _files[path] = bytes;
        return this;
    }

    public PackageBuilder Without(string path)
    {
        _files.Remove(path);
        return this;
    }

    /// <summary>Parses a JSON file, lets <paramref name="edit"/> change it and stores the result.</summary>
    public PackageBuilder Edit(string path, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(_files[path], documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        edit(node);
        return With(path, node.ToJsonString(Indented));
    }

    public PackageBuilder EditPackage(Action<JsonObject> edit) => Edit("package.json", edit);

    public PackageBuilder EditObject(string name, Action<JsonObject> edit) => Edit($"objects/{name}.json", edit);

    /// <summary>Adds a validation rule to an object.</summary>
    public PackageBuilder WithRule(string obj, string name, string expression, string message = "Rule failed.") =>
        EditObject(obj, o => JsonEdit.Array(o, "validationRules").Add(new JsonObject
        {
            ["name"] = name,
            ["expression"] = expression,
            ["message"] = message,
        }));

    /// <summary>Adds a formula field to an object.</summary>
    public PackageBuilder WithFormula(string obj, string name, string expression, string returns) =>
        EditObject(obj, o => JsonEdit.Array(o, "fields").Add(new JsonObject
        {
            ["name"] = name,
            ["type"] = "formula",
            ["expression"] = expression,
            ["returns"] = returns,
        }));

    /// <summary>Adds a test file under <c>tests/</c>.</summary>
    public PackageBuilder WithTests(string file, string json) => With($"tests/{file}", json);

    public TempPackage Write()
    {
        var temp = new TempDirectory();
        foreach (var (path, bytes) in _files)
        {
            var full = temp.File(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        return new TempPackage(temp);
    }

    public LoadResult Load()
    {
        using var package = Write();
        return PackageLoader.Load(package.Path);
    }

    /// <summary>Loads and insists the package compiles; a failure lists every diagnostic.</summary>
    public CompiledPackage Compile()
    {
        var result = Load();
        Assert.True(result.Succeeded, "Expected the package to compile, got:\n" + string.Join("\n", result.Diagnostics));
        return result.Package!;
    }
}

/// <summary>A package written to a temp folder.</summary>
public sealed class TempPackage(TempDirectory directory) : IDisposable
{
    public string Path => directory.Path;

    public string File(string relative) => directory.File(relative);

    public void Dispose() => directory.Dispose();
}
