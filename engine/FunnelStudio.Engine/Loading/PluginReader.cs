using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads the plugins <c>package.json</c> enables — <c>"plugins": ["dedupe-guard", { "id":
/// "lead-scoring", "objects": ["deal"], "settings": { … } }]</c> — each from its
/// <c>plugins/&lt;id&gt;/plugin.json</c> (<c>id</c>, <c>version</c>, <c>description</c>, <c>main</c>
/// (default <c>index.js</c>), <c>hooks</c>, <c>actions</c>, <c>settings</c> (a JSON Schema),
/// <c>scriptLimits</c>).
/// </summary>
/// <remarks>
/// <para>
/// Objects: a plugin is reused by packages whose objects differ, so its hooks and actions never name
/// an object (an <c>"object"</c> key in plugin.json is FS1508). The package's entry maps it:
/// <c>"objects": ["contact", "account"]</c>, and every hook and action of the plugin applies to each
/// listed object (the field names it works on come from its settings). A plugin with hooks or actions
/// enabled without <c>objects</c> is FS1511; a listed object the package does not define is FS1505
/// (checked by <see cref="ScriptChecker"/> once the objects are read).
/// </para>
/// </remarks>
internal static class PluginReader
{
    private static readonly string[] UseKeys = ["id", "objects", "settings"];
    private static readonly string[] ManifestKeys = ["id", "version", "description", "main", "hooks", "actions", "settings", "scriptLimits"];

    public sealed record Result(List<PluginDefinition> Plugins, List<ScriptHookDefinition> Hooks, List<ScriptActionDefinition> Actions);

    public static Result Read(IPackageSource source, ElementReader packageReader, JsonElement packageRoot, DiagnosticBag bag)
    {
        var result = new Result([], [], []);
        foreach (var (item, path) in packageReader.Array(packageRoot, "$", "plugins"))
        {
            string? id;
            string settings = "{}";
            IReadOnlyList<string> objects = [];
            if (item.ValueKind == JsonValueKind.String) id = item.GetString();
            else if (packageReader.ExpectObject(item, path, UseKeys, "A plugin"))
            {
                id = packageReader.String(item, path, "id", required: true);
                objects = packageReader.Strings(item, path, "objects");
                if (item.TryGetProperty("settings", out var s) && s.ValueKind != JsonValueKind.Null)
                {
                    if (s.ValueKind == JsonValueKind.Object) settings = s.GetRawText();
                    else packageReader.WrongType(path, "settings", "an object", s);
                }
            }
            else continue;
            if (id is null) continue;
            if (!PluginFiles.IsValidId(id))
            {
                bag.Report(DiagnosticCodes.InvalidPluginId, "package.json", path, $"'{id}' is not a plugin id (lower-case words joined by hyphens, like lead-scoring).");
                continue;
            }
            if (result.Plugins.Exists(p => p.Id == id))
            {
                bag.Report(DiagnosticCodes.DuplicateName, "package.json", path, $"Plugin '{id}' is enabled twice.");
                continue;
            }
            if (objects.Distinct().Count() != objects.Count)
                bag.Report(DiagnosticCodes.DuplicateName, "package.json", path + ".objects", $"Plugin '{id}' lists an object twice.");
            ReadManifest(source, id, settings, objects.Distinct().ToList(), path, bag, result);
        }
        return result;
    }

    private static void ReadManifest(IPackageSource source, string id, string settings, IReadOnlyList<string> objects, string usePath,
        DiagnosticBag bag, Result result)
    {
        var file = PluginFiles.ManifestPath(id);
        if (!source.Exists(file))
        {
            bag.Report(DiagnosticCodes.PluginNotFound, "package.json", usePath,
                $"Plugin '{id}' is enabled but there is no {file} (plugins live in the plugins/ folder beside the packages).");
            return;
        }
        using var doc = JsonFile.Read(source, file, bag);
        if (doc is null) return;
        var reader = new ElementReader(bag, file);
        var root = doc.RootElement;
        if (!reader.ExpectObject(root, "$", ManifestKeys, "plugin.json")) return;
        var declared = reader.String(root, "$", "id", required: true);
        if (declared is not null && declared != id)
            bag.Report(DiagnosticCodes.InvalidPluginManifest, file, "$.id", $"plugin.json says its id is '{declared}', but it is in the folder '{id}'.");
        var version = reader.String(root, "$", "version", required: true) ?? "0.0.0";
        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?\z"))
            bag.Report(DiagnosticCodes.InvalidPluginManifest, file, "$.version", $"Version '{version}' is not semantic versioning (1.0.0).");
        var main = reader.String(root, "$", "main") ?? "index.js";
        var module = $"{PluginFiles.Folder}/{id}/{main}";
        if (!PluginFiles.IsPluginFile(module) || !main.EndsWith(".js", StringComparison.Ordinal))
        {
            bag.Report(DiagnosticCodes.InvalidPluginManifest, file, "$.main", $"'main' must name a .js file in the plugin's folder, not '{main}'.");
            return;
        }
        string? schema = null;
        if (root.TryGetProperty("settings", out var schemaElement) && schemaElement.ValueKind != JsonValueKind.Null)
        {
            if (schemaElement.ValueKind == JsonValueKind.Object) schema = schemaElement.GetRawText();
            else reader.WrongType("$", "settings", "a JSON Schema object", schemaElement);
        }
        var plugin = (id, module);
        var hooks = ScriptDeclarationReader.Hooks(reader, root, plugin);
        var actions = ScriptDeclarationReader.Actions(reader, root, plugin);
        if (objects.Count == 0 && (hooks.Count > 0 || actions.Count > 0))
            bag.Report(DiagnosticCodes.PluginObjectsMissing, "package.json", usePath,
                $"Plugin '{id}' has hooks or actions but its entry lists no objects for them: enable it as {{ \"id\": \"{id}\", \"objects\": [\"<object>\"] }}.");
        // Each hook and action applies to each listed object, in the order listed.
        result.Hooks.AddRange(objects.SelectMany(o => hooks.Select(h => h with { Object = o })));
        result.Actions.AddRange(objects.SelectMany(o => actions.Select(a => a with { Object = o })));
        result.Plugins.Add(new PluginDefinition(id, version, reader.Text(root, "$", "description"), module)
        {
            SettingsJson = settings,
            Objects = objects,
            SettingsSchema = schema,
            Limits = ScriptDeclarationReader.Limits(reader, root),
        });
    }
}
