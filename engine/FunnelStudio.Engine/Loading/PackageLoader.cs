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
    /// <summary>The folders a package may have, with the file type each holds.</summary>
    public static readonly IReadOnlyList<(string Folder, string Extension)> Folders =
        [("objects", ".json"), ("approvals", ".json"), ("templates", ".sbn"), ("scripts", ".js"), ("tests", ".json"), ("demo", ".json"), ("dashboards", ".json")];

    public static LoadResult Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            var bag = new DiagnosticBag();
            bag.Report(DiagnosticCodes.PackageNotFound, "package.json", "$", $"The folder '{directory}' does not exist.");
            return new LoadResult(null, null, bag.Items);
        }
        return Load(PackageSources.Folder(directory));
    }

    public static LoadResult Load(IPackageSource source)
    {
        var bag = new DiagnosticBag();
        try
        {
            return LoadCore(source, bag);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Report(DiagnosticCodes.UnreadableFile, "", "$", $"The package could not be read: {e.Message}");
            return new LoadResult(null, null, bag.Items);
        }
    }

    private static LoadResult LoadCore(IPackageSource source, DiagnosticBag bag)
    {
        if (!source.Exists("package.json"))
        {
            bag.Report(DiagnosticCodes.PackageNotFound, "package.json", "$", $"'{source.Description}' has no package.json.");
            return new LoadResult(null, null, bag.Items);
        }

        PackageDefinition? package = null;
        PluginReader.Result? plugins = null;
        using (var doc = JsonFile.Read(source, "package.json", bag))
            if (doc is not null)
            {
                var reader = new ElementReader(bag, "package.json");
                package = PackageReader.Read(reader, doc.RootElement);
                if (package is not null) plugins = PluginReader.Read(source, reader, doc.RootElement, bag);
            }

        var objects = ReadObjects(source, bag);
        var tests = ReadFiles(source, "tests", ".json", bag, (reader, root) => TestReader.Read(reader, root).ToList())
            .SelectMany(t => t).ToList();
        var approvals = ReadSources(source, "approvals", ".json", bag, validateJson: true);
        var flows = ReadFlows(approvals, bag);
        var templates = ReadSources(source, "templates", ".sbn", bag, validateJson: false);
        var scripts = ReadScripts(source, plugins, bag);
        var demo = ReadSources(source, "demo", ".json", bag, validateJson: true);
        var dashboards = DashboardReader.ReadAll(ReadSources(source, "dashboards", ".json", bag, validateJson: true), bag);

        if (package is null) return new LoadResult(null, null, bag.Items);
        package = package with
        {
            Objects = objects, Tests = tests, Approvals = approvals, ApprovalFlows = flows, Templates = templates, Scripts = scripts, Demo = demo,
            Dashboards = dashboards,
            Plugins = plugins?.Plugins ?? [],
            // Run order: by order, then the package's own before plugins', then as declared (a stable sort).
            Hooks = [.. package.Hooks.Concat(plugins?.Hooks ?? []).OrderBy(h => h.Order).ThenBy(h => h.Plugin is null ? 0 : 1)],
            Actions = [.. package.Actions.Concat(plugins?.Actions ?? [])],
        };
        if (objects.Count == 0)
            bag.Report(DiagnosticCodes.NoObjects, "package.json", "$", "The package has no objects/*.json files.");

        PackageChecker.Check(package, bag);
        AccessChecker.Check(package, bag);
        TestChecker.Check(package, bag);
        ApprovalChecker.Check(package, bag);
        NotificationRuleChecker.Check(package, bag);
        DashboardChecker.Check(package, bag);
        var modules = ScriptChecker.Check(package, bag);
        var parsedTemplates = Templates.TemplateCompiler.Compile(package, bag);
        DocumentChecker.Check(package, parsedTemplates, bag);
        // Expressions are compiled even when other checks failed, so one run reports every problem.
        var compiled = PackageCompiler.Compile(package, bag);
        if (compiled is not null)
        {
            compiled.Scripts = new Scripting.CompiledScripts(package, modules);
            compiled.Templates = parsedTemplates;
        }
        return new LoadResult(package, bag.HasErrors ? null : compiled, bag.Items);
    }

    private static List<ApprovalFlowDefinition> ReadFlows(IReadOnlyDictionary<string, string> sources, DiagnosticBag bag)
    {
        var flows = new List<ApprovalFlowDefinition>();
        foreach (var (name, text) in sources)
        {
            var file = $"approvals/{name}.json";
            if (ApprovalReader.Read(text, file, bag) is not { } flow) continue;
            if (flow.Name != name)
                bag.Report(DiagnosticCodes.ApprovalFlowName, file, "$.name", $"The flow in {file} is named '{flow.Name}'; a flow's name is its file's name ('{name}').");
            else flows.Add(flow);
        }
        return flows;
    }

    private static List<ObjectDefinition> ReadObjects(IPackageSource source, DiagnosticBag bag)
    {
        var objects = new List<ObjectDefinition>();
        foreach (var relative in source.List("objects", ".json"))
        {
            using var doc = JsonFile.Read(source, relative, bag);
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

    /// <summary><c>scripts/*.js</c> and the enabled plugins' <c>plugins/&lt;id&gt;/*.js</c>, by path.</summary>
    private static Dictionary<string, string> ReadScripts(IPackageSource source, PluginReader.Result? plugins, DiagnosticBag bag)
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        var paths = source.List("scripts", ".js")
            .Concat((plugins?.Plugins ?? []).SelectMany(p => source.List($"{PluginFiles.Folder}/{p.Id}", ".js")));
        foreach (var path in paths)
            if (JsonFile.ReadText(source, path, bag) is { } text) scripts[path] = text;
        return scripts;
    }

    private static List<T> ReadFiles<T>(IPackageSource source, string folder, string extension, DiagnosticBag bag,
        Func<ElementReader, System.Text.Json.JsonElement, T> read)
    {
        var results = new List<T>();
        foreach (var relative in source.List(folder, extension))
        {
            using var doc = JsonFile.Read(source, relative, bag);
            if (doc is not null) results.Add(read(new ElementReader(bag, relative), doc.RootElement));
        }
        return results;
    }

    /// <summary>Files later capabilities (or the portal's demo seeding) interpret are kept as source text.</summary>
    private static Dictionary<string, string> ReadSources(IPackageSource source, string folder, string extension, DiagnosticBag bag, bool validateJson)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relative in source.List(folder, extension))
        {
            var text = JsonFile.ReadText(source, relative, bag);
            if (text is null) continue;
            if (validateJson)
            {
                using var doc = JsonFile.Parse(text, relative, bag);
                if (doc is null) continue;
            }
            var name = Path.GetFileNameWithoutExtension(relative);
            if (!ElementReader.IsValidName(name))
            {
                bag.Report(DiagnosticCodes.InvalidName, relative, "$", $"File name '{name}' must be a valid name (a–z, 0–9, _).");
                continue;
            }
            sources[name] = text;
        }
        return sources;
    }
}
