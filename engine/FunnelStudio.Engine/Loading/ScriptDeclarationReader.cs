using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads <c>"hooks"</c>, <c>"actions"</c> and <c>"scriptLimits"</c> — the same shapes in
/// <c>package.json</c> (with a <c>script</c> path) and in a plugin's <c>plugin.json</c> (the script is
/// the plugin's module, so no <c>script</c> key, and no <c>object</c> key: the package's plugin entry
/// lists the objects, see <see cref="PluginReader"/>). A plugin's hooks and actions come back with an
/// empty <see cref="ScriptHookDefinition.Object"/>, for <see cref="PluginReader"/> to copy per object.
/// Meaning (objects, files, exports) is checked later by <see cref="ScriptChecker"/>.
/// </summary>
internal static class ScriptDeclarationReader
{
    private static readonly string[] HookKeys = ["event", "object", "script", "function", "order"];
    private static readonly string[] ActionKeys = ["name", "object", "label", "icon", "roles", "confirm", "script", "function"];
    private static readonly string[] PluginHookKeys = ["event", "function", "order", "object"];
    private static readonly string[] PluginActionKeys = ["name", "label", "icon", "roles", "confirm", "function", "object"];
    private static readonly string[] LimitKeys = ["timeoutMs", "maxStatements", "memoryBytes", "maxRecursion"];

    // plugin: the plugin id and module path when reading a plugin.json; null for package.json.
    public static List<ScriptHookDefinition> Hooks(ElementReader reader, JsonElement root, (string Id, string Module)? plugin)
    {
        var hooks = new List<ScriptHookDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "hooks"))
        {
            if (!reader.ExpectObject(item, path, plugin is null ? HookKeys : PluginHookKeys, "A hook")) continue;
            var evt = reader.String(item, path, "event", required: true);
            var obj = plugin is null ? reader.String(item, path, "object", required: true) : PluginObject(reader, item, path);
            var function = reader.String(item, path, "function", required: true);
            var script = plugin?.Module ?? reader.String(item, path, "script", required: true);
            var order = reader.Int(item, path, "order", min: -1_000_000, max: 1_000_000) ?? 0;
            if (evt is null || obj is null || function is null || script is null) continue;
            hooks.Add(new ScriptHookDefinition(evt, obj, script, function)
            {
                Order = order,
                Plugin = plugin?.Id,
                File = reader.File,
                Path = path,
            });
        }
        return hooks;
    }

    public static List<ScriptActionDefinition> Actions(ElementReader reader, JsonElement root, (string Id, string Module)? plugin)
    {
        var actions = new List<ScriptActionDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "actions"))
        {
            if (!reader.ExpectObject(item, path, plugin is null ? ActionKeys : PluginActionKeys, "An action")) continue;
            var name = reader.Name(item, path, "Action");
            var obj = plugin is null ? reader.String(item, path, "object", required: true) : PluginObject(reader, item, path);
            var function = reader.String(item, path, "function", required: true);
            var script = plugin?.Module ?? reader.String(item, path, "script", required: true);
            var label = reader.Text(item, path, "label");
            if (name is null || obj is null || function is null || script is null) continue;
            var icon = reader.String(item, path, "icon");
            if (icon is not null && !System.Text.RegularExpressions.Regex.IsMatch(icon, "^[a-z0-9]+(-[a-z0-9]+)*\\z"))
            {
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, path + ".icon", $"Icon '{icon}' is not a Bootstrap Icons name (lower-case words joined by hyphens, like 'calculator' or 'send-check').");
                icon = null;
            }
            actions.Add(new ScriptActionDefinition(name, obj, label.IsEmpty ? LocalizedText.Of(name) : label, script, function)
            {
                Icon = icon,
                Roles = reader.Strings(item, path, "roles"),
                Confirm = reader.Text(item, path, "confirm"),
                Plugin = plugin?.Id,
                File = reader.File,
                Path = path,
            });
        }
        return actions;
    }

    // A plugin naming an object would tie it to one package's names; the package maps it instead.
    private static string PluginObject(ElementReader reader, JsonElement item, string path)
    {
        if (reader.Has(item, "object"))
            reader.Bag.Report(DiagnosticCodes.InvalidPluginManifest, reader.File, path + ".object",
                "A plugin's hooks and actions do not name an object: the package lists the objects in its plugin entry (\"objects\": [\"deal\"]).");
        return "";
    }

    public static ScriptLimitsRequest Limits(ElementReader reader, JsonElement root)
    {
        if (!reader.TryGet(root, "$", "scriptLimits", false, out var limits)) return ScriptLimitsRequest.None;
        const string path = "$.scriptLimits";
        if (!reader.ExpectObject(limits, path, LimitKeys, "scriptLimits")) return ScriptLimitsRequest.None;
        long? memory = reader.Decimal(limits, path, "memoryBytes") is { } m && m >= 1 && m <= long.MaxValue - 1 ? (long)m : null;
        return new ScriptLimitsRequest(
            reader.Int(limits, path, "timeoutMs", min: 1, max: 60_000),
            reader.Int(limits, path, "maxStatements", min: 1, max: 1_000_000_000),
            memory,
            reader.Int(limits, path, "maxRecursion", min: 1, max: 100_000));
    }
}
