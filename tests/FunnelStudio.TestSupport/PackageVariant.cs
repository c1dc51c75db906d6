using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunnelStudio.TestSupport;

/// <summary>
/// A copy of a sample package in a temp folder with some JSON files changed, for a portal that
/// should run a variant (a hidden field, a narrower scope) without a second package to maintain:
/// the variant is the sample plus the edits a test names. Deleted on dispose.
/// </summary>
public sealed class PackageVariant : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PackageVariant(string path) => Path = path;

    /// <summary>The variant's folder (holding package.json).</summary>
    public string Path { get; }

    /// <summary>Copies <c>sample-configs/<paramref name="sample"/></c> to a temp folder.</summary>
    public static PackageVariant Of(string sample) => OfFolder(RepositoryPaths.SamplePackage(sample));

    /// <summary>Copies any package folder (e.g. a test package under <c>TestData/</c>) to a temp folder.</summary>
    public static PackageVariant OfFolder(string source)
    {
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fs-package-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        CopyPlugins(source, target);
        return new PackageVariant(target);
    }

    // A sample finds its plugins in the repository's top-level plugins/ folder, which a temp copy is
    // not under: the copy gets its own plugins/ folder instead (only the enabled plugins are read).
    private static void CopyPlugins(string source, string target)
    {
        if (Directory.Exists(System.IO.Path.Combine(source, "plugins"))) return;
        var plugins = Ancestors(source).Select(d => System.IO.Path.Combine(d.FullName, "plugins")).FirstOrDefault(Directory.Exists);
        if (plugins is null) return;
        foreach (var file in Directory.EnumerateFiles(plugins, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, "plugins", System.IO.Path.GetRelativePath(plugins, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static IEnumerable<DirectoryInfo> Ancestors(string folder)
    {
        for (var dir = new DirectoryInfo(folder).Parent; dir is not null; dir = dir.Parent) yield return dir;
    }

    /// <summary>Writes (or replaces) a text file of the variant.</summary>
    public PackageVariant Write(string relative, string text)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return this;
    }

    /// <summary>Parses <paramref name="relative"/> (e.g. <c>objects/deal.json</c>), lets <paramref name="edit"/> change it, writes it back.</summary>
    public PackageVariant Edit(string relative, Action<JsonObject> edit)
    {
        var file = System.IO.Path.Combine(Path, relative);
        var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(node);
        File.WriteAllText(file, node.ToJsonString(Indented));
        return this;
    }

    /// <summary>Removes a file or folder of the variant (e.g. the sample's own tests, which a variant may no longer pass).</summary>
    public PackageVariant Without(string relative)
    {
        var target = System.IO.Path.Combine(Path, relative);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        else File.Delete(target);
        return this;
    }

    /// <summary>The permissions of role <paramref name="role"/> on <paramref name="obj"/> in package.json.</summary>
    public PackageVariant EditPermission(string role, string obj, Action<JsonObject> edit) => Edit("package.json", p =>
    {
        var roleNode = p["roles"]!.AsArray().Single(r => (string?)r!["name"] == role)!.AsObject();
        edit(roleNode["permissions"]![obj]!.AsObject());
    });

    /// <summary>The <c>fields</c> map of a permission, created when missing.</summary>
    public static JsonObject Fields(JsonObject permission)
    {
        if (permission["fields"] is JsonObject fields) return fields;
        fields = [];
        permission["fields"] = fields;
        return fields;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
