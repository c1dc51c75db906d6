using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Rules;
using FunnelStudio.Templates;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>The minimal package with one template, and a renderer with small, fast limits.</summary>
internal static class TemplateTestPackage
{
    public static TemplatingOptions Options => new() { LoopLimit = 10_000, RecursiveLimit = 50, OutputLimit = 100_000, RegexTimeoutMs = 100, TimeoutMs = 2_000 };

    public static CompiledPackage With(string template, string name = "t") =>
        PackageBuilder.Minimal().With($"templates/{name}.sbn", template).Compile();

    public static TemplateResult Render(string template, IReadOnlyDictionary<string, object?>? model = null, TemplatingOptions? options = null) =>
        new TemplateRenderer(options ?? Options).Render(With(template), "t", model ?? new Dictionary<string, object?>());
}
