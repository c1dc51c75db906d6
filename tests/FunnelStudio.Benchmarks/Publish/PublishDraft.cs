using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Loading;
using FunnelStudio.Testing;
using FunnelStudio.Versions;

namespace FunnelStudio.Benchmarks.Publish;

/// <summary>
/// The draft the publish benchmark uploads: the sample package with one indexed text field added to
/// the deal (<see cref="AddedField"/>) and one removed that the load's deals at opportunity hold
/// (<see cref="RemovedField"/>, with the exit criterion, layout entry and test values that name it),
/// and a package version of its own, so another instance shows which version it serves.
/// </summary>
internal static class PublishDraft
{
    public const string Object = "deal";
    public const string AddedField = "region";
    /// <summary>Written by every load create that goes to opportunity (a quarter of the deals); checked by one SQL exit criterion.</summary>
    public const string RemovedField = "timeline";

    /// <summary>The files, checked here the way the publisher will: the package loads and its own tests pass.</summary>
    public static IReadOnlyDictionary<string, string> Files(string packageVersion)
    {
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepoPaths.SamplePackage)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var package = JsonNode.Parse(files["package.json"])!;
        package["version"] = packageVersion;
        files["package.json"] = Write(package);

        var objectFile = $"objects/{Object}.json";
        var deal = JsonNode.Parse(files[objectFile])!;
        var fields = deal["fields"]!.AsArray();
        fields.Remove(fields.Single(f => (string?)f!["name"] == RemovedField));
        fields.Add(new JsonObject
        {
            ["name"] = AddedField, ["type"] = "text", ["label"] = new JsonObject { ["en"] = "Region", ["zh-CN"] = "区域" },
            ["maxLength"] = 100, ["indexed"] = true,
        });
        Strip(deal["pipeline"]!);
        Strip(deal["layouts"]!);
        files[objectFile] = Write(deal);
        foreach (var test in files.Keys.Where(k => k.StartsWith("tests/", StringComparison.Ordinal)).ToList())
        {
            var node = JsonNode.Parse(files[test])!;
            Strip(node);
            files[test] = Write(node);
        }

        var loaded = PackageLoader.Load(new MemoryPackageSource(files, "the publish benchmark's draft"));
        if (!loaded.Succeeded)
            throw new InvalidOperationException("The draft does not load: " + string.Join("; ", loaded.Diagnostics.Where(d => d.IsError)));
        var failed = PackageTestRunner.Run(loaded.Package!).Where(t => !t.Passed).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException("The draft's package tests fail: " + string.Join("; ", failed.Select(t => $"{t.Name}: {string.Join(", ", t.Failures)}")));
        return files;
    }

    public static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var zip = new MemoryStream();
        new ZipPackageArchive().Write(files, zip);
        return zip.ToArray();
    }

    /// <summary>Removes every mention of <see cref="RemovedField"/>: criteria on it, its name in lists, its value in test records.</summary>
    private static void Strip(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove(RemovedField);
                foreach (var (_, child) in obj.ToList())
                    if (child is not null) Strip(child);
                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    var item = array[i];
                    if (Mentions(item)) array.RemoveAt(i);
                    else if (item is not null) Strip(item);
                }
                break;
        }
    }

    private static bool Mentions(JsonNode? item) => item switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s == RemovedField,
        JsonObject o => (string?)o["field"] == RemovedField
                        || o["expression"] is JsonValue e && e.TryGetValue<string>(out var x) && x.Contains("record." + RemovedField, StringComparison.Ordinal),
        _ => false,
    };

    private static string Write(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
