using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Reports;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads <c>dashboards/&lt;name&gt;.json</c>: the shape strictly (an unknown or mistyped property is
/// FS1901 with its JSON path), then the name against the file's. Meaning — objects, fields, measures,
/// groupings, duplicate names, the layout — is <see cref="DashboardChecker"/>'s.
/// </summary>
public static class DashboardReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static List<PackageDashboard> ReadAll(IReadOnlyDictionary<string, string> sources, DiagnosticBag bag)
    {
        var dashboards = new List<PackageDashboard>();
        foreach (var (name, text) in sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var file = $"dashboards/{name}.json";
            if (Read(text, file, bag) is not { } dashboard) continue;
            if (dashboard.Name != name)
                bag.Report(DiagnosticCodes.DashboardName, file, "$.name",
                    $"The dashboard in {file} is named '{dashboard.Name}'; a dashboard's name is its file's name ('{name}').");
            else dashboards.Add(dashboard);
        }
        return dashboards;
    }

    public static PackageDashboard? Read(string text, string file, DiagnosticBag bag)
    {
        DashboardJson? json;
        try
        {
            json = JsonSerializer.Deserialize<DashboardJson>(text, Options);
        }
        catch (JsonException e)
        {
            bag.Report(DiagnosticCodes.DashboardShape, file, e.Path ?? "$", $"Dashboard: {FirstLine(e.Message)}");
            return null;
        }
        if (json is null || string.IsNullOrEmpty(json.Name) || json.Reports is null)
        {
            bag.Report(DiagnosticCodes.DashboardShape, file, "$", "Dashboard: it needs a \"name\" and \"reports\".");
            return null;
        }
        var reports = json.Reports.Select((r, i) => new PackageReport(r.ToDefinition(), Label(r.Label, r.Name))
        {
            Id = $"pkg.{json.Name}.{r.Name}",
        }).ToList();
        return new PackageDashboard(json.Name, Label(json.Label, json.Name), reports,
            json.Layout ?? reports.Select(r => new DashboardItem(r.Definition.Name)).ToList()) { File = file };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>A label written as text or as <c>{ "en": …, "zh-CN": … }</c>; the name when absent.</summary>
    private static LocalizedText Label(JsonElement? label, string? fallback) => label switch
    {
        { ValueKind: JsonValueKind.String } text => LocalizedText.Of(text.GetString()!),
        { ValueKind: JsonValueKind.Object } texts => new LocalizedText(texts.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)),
        _ => LocalizedText.Of(fallback ?? ""),
    };

    private sealed record DashboardJson
    {
        public string? Name { get; init; }
        public JsonElement? Label { get; init; }
        public List<ReportJson>? Reports { get; init; }
        public List<DashboardItem>? Layout { get; init; }
        [JsonPropertyName("$schema")] public string? Schema { get; init; }
    }

    private sealed record ReportJson
    {
        public string Name { get; init; } = "";
        public JsonElement? Label { get; init; }
        public string Object { get; init; } = "";
        public List<ReportFilter>? Filters { get; init; }
        public string? Match { get; init; }
        public List<ReportGrouping>? GroupBy { get; init; }
        public List<ReportMeasure>? Measures { get; init; }
        public string? Display { get; init; }

        public ReportDefinition ToDefinition() => new()
        {
            Name = Name,
            Label = Label is { ValueKind: JsonValueKind.String } text ? text.GetString() : null,
            Object = Object,
            Filters = Filters ?? [],
            Match = Match ?? "all",
            GroupBy = GroupBy ?? [],
            Measures = Measures ?? [new ReportMeasure()],
            Display = Display ?? "table",
        };
    }
}
