using System.Net;
using FunnelStudio.Rules;
using FunnelStudio.Templates;

namespace FunnelStudio.Tests.Templates;

/// <summary>
/// A stand-in for the Scriban renderer that shows what a template was given: the first line names
/// the template, object and recipient; the body lists every record value and event value (HTML-encoded)
/// and the link. Records each model it renders. Shared by the engine, storage and portal tests.
/// </summary>
public sealed class TestTemplateRenderer : ITemplateRenderer
{
    public List<(string Name, IReadOnlyDictionary<string, object?> Model)> Rendered { get; } = [];

    /// <summary>When set, every render fails with this error.</summary>
    public string? Error { get; set; }

    public TemplateResult Render(CompiledPackage package, string name, IReadOnlyDictionary<string, object?> model)
    {
        lock (Rendered) Rendered.Add((name, model));
        if (Error is not null) return new TemplateResult(null, Error);
        var record = (IReadOnlyDictionary<string, object?>)model["record"]!;
        var recipient = (IReadOnlyDictionary<string, object?>)model["recipient"]!;
        var obj = model["object"] as IReadOnlyDictionary<string, object?>;
        var values = (IReadOnlyDictionary<string, object?>)model["values"]!;
        var title = $"{name}: {obj?["label"]} {record.GetValueOrDefault("title") ?? record.GetValueOrDefault("name")} for {recipient["name"]}";
        var body = "<ul>" + string.Concat(record.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"<li>{r.Key}={Encode(r.Value)}</li>")) + "</ul>"
            + "<p>" + string.Join("; ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={Encode(v.Value)}")) + "</p>"
            + $"<p>link={Encode(model["link"])}</p>";
        return new TemplateResult($"{WebUtility.HtmlEncode(title)}\n{body}\n", null);
    }

    private static string Encode(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
}
