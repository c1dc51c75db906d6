using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Scripting;
using Json.Schema;

namespace FunnelStudio.Loading;

/// <summary>
/// Checks scripts and what names them: every module parses (a syntax error is reported with its
/// file, line and column, and the package does not load), imports nothing, and exports the functions
/// hooks and actions name; hooks name a known event and object; actions name roles the package has;
/// plugins' settings match their JSON Schema. Returns the parsed modules for the compiled package.
/// </summary>
internal static class ScriptChecker
{
    public static IReadOnlyDictionary<string, ScriptModule> Check(PackageDefinition package, DiagnosticBag bag)
    {
        var modules = new Dictionary<string, ScriptModule>(StringComparer.Ordinal);
        foreach (var (path, source) in package.Scripts)
        {
            var (module, error) = ScriptModule.Parse(path, source);
            if (error is not null)
            {
                bag.Add(new Diagnostic(DiagnosticCodes.ScriptSyntaxError.Id, DiagnosticSeverity.Error, path, "$",
                    $"{error.Location}: {error.Message}", error.Line, error.Column));
                continue;
            }
            foreach (var import in module!.Imports)
                bag.Report(DiagnosticCodes.ScriptImportNotAllowed, path, "$",
                    $"{path} imports '{import}'; a script cannot import modules (use ctx.query, ctx.settings and the other ctx functions).");
            modules[path] = module;
        }

        foreach (var hook in package.Hooks)
        {
            if (!ScriptEvents.All.Contains(hook.Event))
                bag.Report(DiagnosticCodes.UnknownHookEvent, hook.File, hook.Path + ".event",
                    $"'{hook.Event}' is not a hook event ({string.Join(", ", ScriptEvents.All)}).");
            CheckTarget(package, bag, modules, hook.Object, hook.Script, hook.Function, hook.File, hook.Path, $"Hook {hook.Id}");
        }

        var roles = package.Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in package.Actions.GroupBy(a => (a.Object, a.Name)).Where(g => g.Count() > 1))
            foreach (var action in group.Skip(1))
                bag.Report(DiagnosticCodes.DuplicateName, action.File, action.Path + ".name",
                    $"Object '{action.Object}' has more than one action named '{action.Name}'.");
        foreach (var action in package.Actions)
        {
            CheckTarget(package, bag, modules, action.Object, action.Script, action.Function, action.File, action.Path, $"Action '{action.Name}'");
            foreach (var (role, i) in action.Roles.Select((r, i) => (r, i)))
                if (!roles.Contains(role))
                    bag.Report(DiagnosticCodes.UnknownRole, action.File, $"{action.Path}.roles[{i}]", $"Action '{action.Name}' names role '{role}', which package.json does not define.");
        }

        foreach (var plugin in package.Plugins)
        {
            CheckSettings(plugin, bag);
            foreach (var (obj, i) in plugin.Objects.Select((o, i) => (o, i)))
                if (package.Object(obj) is null)
                    bag.Report(DiagnosticCodes.UnknownScriptObject, "package.json", $"$.plugins.{plugin.Id}.objects[{i}]",
                        $"Plugin '{plugin.Id}' is enabled for object '{obj}', which the package does not define.");
        }
        return modules;
    }

    private static void CheckTarget(PackageDefinition package, DiagnosticBag bag, Dictionary<string, ScriptModule> modules,
        string obj, string script, string function, string file, string path, string what)
    {
        // A plugin's objects come from its entry in package.json, checked once there (not once per hook).
        if (!file.StartsWith(PluginFiles.Folder + "/", StringComparison.Ordinal) && package.Object(obj) is null)
            bag.Report(DiagnosticCodes.UnknownScriptObject, file, path + ".object", $"{what} names object '{obj}', which the package does not define.");
        if (!package.Scripts.ContainsKey(script))
        {
            bag.Report(DiagnosticCodes.UnknownScript, file, path + ".script", $"{what} names script '{script}', which does not exist.");
            return;
        }
        if (modules.TryGetValue(script, out var module) && !module.Exports.Contains(function))
            bag.Report(DiagnosticCodes.UnknownScriptFunction, file, path + ".function",
                $"{what}: {script} does not export a function '{function}' (exports: {(module.Exports.Count == 0 ? "none" : string.Join(", ", module.Exports.Order()))}).");
    }

    private static void CheckSettings(PluginDefinition plugin, DiagnosticBag bag)
    {
        if (plugin.SettingsSchema is null) return;
        var manifest = PluginFiles.ManifestPath(plugin.Id);
        JsonSchema schema;
        try
        {
            schema = JsonSchema.FromText(plugin.SettingsSchema);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            bag.Report(DiagnosticCodes.InvalidPluginManifest, manifest, "$.settings", $"The settings schema of plugin '{plugin.Id}' is not a JSON Schema: {e.Message}");
            return;
        }
        EvaluationResults results;
        try
        {
            using var settings = JsonDocument.Parse(plugin.SettingsJson);
            results = schema.Evaluate(settings.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            bag.Report(DiagnosticCodes.InvalidPluginManifest, manifest, "$.settings", $"The settings schema of plugin '{plugin.Id}' cannot be used: {e.Message}");
            return;
        }
        if (results.IsValid) return;
        var problems = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (Path: d.InstanceLocation.ToString(), Message: e.Value)))
            .Distinct().ToList();
        if (problems.Count == 0) problems.Add(("", "they do not match the schema"));
        foreach (var (path, message) in problems)
            bag.Report(DiagnosticCodes.InvalidPluginSettings, "package.json", "$.plugins." + plugin.Id + ".settings" + JsonPointerToPath(path),
                $"Settings of plugin '{plugin.Id}'{(path is "" or "/" ? "" : " at " + path)}: {message}");
    }

    private static string JsonPointerToPath(string pointer) =>
        string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => int.TryParse(p, out var i) ? $"[{i}]" : "." + p));
}
