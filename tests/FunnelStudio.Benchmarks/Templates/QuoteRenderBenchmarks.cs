using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using FunnelStudio.Rules;
using FunnelStudio.Templates;
using Scriban;

namespace FunnelStudio.Benchmarks.Templates;

/// <summary>
/// b2b-saas's quote rendered for a typical deal, three ways: FunnelStudio's sandboxed renderer (a fresh
/// context with every limit and a wall-time token, the model converted to Scriban data, values
/// HTML-escaped); the same parsed template with a default Scriban context (no sandbox settings, no
/// escaping; the model converted the same way); and the same HTML built by hand in C# with a
/// StringBuilder — the floor.
/// </summary>
[MemoryDiagnoser]
// In process: a generated project takes minutes to build on this shared machine.
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
[MedianColumn]
public class QuoteRenderBenchmarks
{
    private CompiledPackage _package = null!;
    private IReadOnlyDictionary<string, object?> _model = null!;
    private TemplateRenderer _renderer = null!;
    private Template _template = null!;

    [GlobalSetup]
    public void Setup()
    {
        _package = PackageFixture.LoadOrThrow(RepoPaths.SamplePackage);
        _model = QuoteModel.For(_package);
        _renderer = new TemplateRenderer(new TemplatingOptions());
        _template = _package.Templates.Get("quote")!;
        var result = _renderer.Render(_package, "quote", _model);
        if (!result.Succeeded || !result.Output!.Contains("102,000.00", StringComparison.Ordinal))
            throw new InvalidOperationException("The quote did not render: " + (result.Error ?? result.Output));
        if (!PlainScriban().Contains("102,000.00", StringComparison.Ordinal) || !HandWritten().Contains("102,000.00", StringComparison.Ordinal))
            throw new InvalidOperationException("A baseline did not render the quote.");
    }

    [Benchmark(Description = "FunnelStudio TemplateRenderer (sandboxed)")]
    public string? Sandboxed() => _renderer.Render(_package, "quote", _model).Output;

    [Benchmark(Description = "Scriban, default context (no sandbox settings)")]
    public string PlainScriban()
    {
        var context = new TemplateContext();
        context.PushGlobal(TemplateModel.ToScriptObject(_model));
        return _template.Render(context);
    }

    [Benchmark(Baseline = true, Description = "Hand-written C# (StringBuilder)")]
    public string HandWritten()
    {
        var record = (IReadOnlyDictionary<string, object?>)_model["record"]!;
        var display = (IReadOnlyDictionary<string, object?>)_model["display"]!;
        var fields = (IReadOnlyDictionary<string, object?>)_model["fields"]!;
        var now = (DateTime)_model["now"]!;
        var amount = (decimal)record["amount"]!;
        var discount = (decimal)record["discount"]!;
        var cut = Math.Round(amount * discount / 100, 2);
        static string E(object? v) => WebUtility.HtmlEncode(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "");
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder(2048);
        s.Append("<article class=\"quote\">\n  <header class=\"quote-header\">\n    <div>\n      <h1>Quotation</h1>\n      <p class=\"muted\">No. ")
            .Append(E("Q-" + record["deal_no"])).Append("</p>\n    </div>\n    <dl class=\"quote-meta\">\n      <dt>Date</dt><dd>")
            .Append(now.ToString("yyyy-MM-dd", c)).Append("</dd>\n      <dt>Valid until</dt><dd>").Append(now.AddDays(30).ToString("yyyy-MM-dd", c))
            .Append("</dd>\n      <dt>").Append(E(fields["owner"])).Append("</dt><dd>").Append(E(display["owner"]))
            .Append("</dd>\n    </dl>\n  </header>\n\n  <section class=\"quote-parties\">\n    <h2>Prepared for</h2>\n    <p class=\"customer\">")
            .Append(E(display["account"])).Append("</p>\n    <p>").Append(E(fields["contact"])).Append(": ").Append(E(display["contact"]))
            .Append("</p>\n  </section>\n\n  <table class=\"quote-lines\">\n    <thead>\n      <tr>\n        <th>Item</th>\n        <th class=\"num\">")
            .Append(E(fields["amount"])).Append(" (CNY)</th>\n      </tr>\n    </thead>\n    <tbody>\n      <tr>\n        <td>").Append(E(record["name"]))
            .Append("</td>\n        <td class=\"num\">").Append(amount.ToString("#,0.00", c)).Append("</td>\n      </tr>\n      <tr>\n        <td>")
            .Append(E(fields["discount"])).Append(" (").Append(discount.ToString("0.##", c)).Append("%)</td>\n        <td class=\"num\">-")
            .Append(cut.ToString("#,0.00", c)).Append("</td>\n      </tr>\n    </tbody>\n    <tfoot>\n      <tr>\n        <th>Net amount</th>\n        <th class=\"num\">¥")
            .Append((amount - cut).ToString("#,0.00", c)).Append("</th>\n      </tr>\n    </tfoot>\n  </table>\n  <p>").Append(E(fields["close_date"])).Append(": ")
            .Append(((DateTime)record["close_date"]!).ToString("yyyy-MM-dd", c))
            .Append("</p>\n  <p class=\"terms\">This quotation is valid for 30 days from the date above. Prices are in CNY, excluding tax.</p>\n  <footer class=\"quote-sign\">\n    <div>Prepared by: ")
            .Append(E(((IReadOnlyDictionary<string, object?>)_model["user"]!)["name"])).Append("</div>\n    <div>Accepted by: ____________________</div>\n  </footer>\n</article>\n");
        return s.ToString();
    }
}
