using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Storage.Tests.Schema;

/// <summary>
/// Small one-object packages for schema tests: a text <c>name</c>, a currency <c>amount</c>, the
/// fields given, and a pipeline of the stages given (the last one won).
/// </summary>
public static class SchemaPackages
{
    public static readonly string[] DefaultStages = ["lead", "mql", "sql", "won"];

    private static int _next;

    /// <summary>A fresh object name, so tests sharing a database never see each other's records.</summary>
    public static string NewObject() => $"thing_{Interlocked.Increment(ref _next)}";

    /// <param name="fields">JSON objects of the extra fields, comma-separated.</param>
    public static CompiledPackage Build(string obj, string fields = "", IReadOnlyList<string>? stages = null)
    {
        var result = Load(obj, fields, stages);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Package!;
    }

    public static LoadResult Load(string obj, string fields = "", IReadOnlyList<string>? stages = null) =>
        PackageLoader.Load(new MemoryPackageSource(Files(obj, fields, stages), "schema test"));

    /// <summary>The package's files (package.json and the object's file).</summary>
    public static Dictionary<string, string> Files(string obj, string fields = "", IReadOnlyList<string>? stages = null)
    {
        stages ??= DefaultStages;
        var stageJson = string.Join(", ", stages.Select((s, i) =>
            $$"""{ "name": "{{s}}", "label": "{{s}}"{{(i == stages.Count - 1 ? ", \"terminal\": \"won\"" : "")}} }"""));
        var extra = string.IsNullOrWhiteSpace(fields) ? "" : ", " + fields;
        return new Dictionary<string, string>
        {
            ["package.json"] = """
                { "name": "schema_test", "version": "1.0.0", "label": "Schema test",
                  "roles": [ { "name": "admin", "label": "Admin", "admin": true } ] }
                """,
            [$"objects/{obj}.json"] = $$"""
                { "name": "{{obj}}", "label": "Thing", "titleField": "name",
                  "fields": [ { "name": "name", "type": "text" }, { "name": "amount", "type": "currency" }{{extra}} ],
                  "pipeline": { "field": "stage", "amountField": "amount", "stages": [ {{stageJson}} ] } }
                """,
        };
    }
}
