using FunnelStudio.Rules;

namespace FunnelStudio.Templates;

/// <summary>
/// Renders a package's Scriban templates (<c>templates/&lt;name&gt;.sbn</c>, parsed once per package
/// version) in a sandbox: values HTML-escaped, loop, recursion and output limits, no <c>include</c>.
/// </summary>
public interface ITemplateRenderer
{
    /// <summary>
    /// Renders <paramref name="name"/> with <paramref name="model"/>: plain values only (string,
    /// decimal, bool, DateTime, null, and nested <c>IReadOnlyDictionary&lt;string, object?&gt;</c> /
    /// <c>IReadOnlyList&lt;object?&gt;</c>), never services. A template that fails or hits a limit
    /// gives an <see cref="TemplateResult.Error"/>, never an exception.
    /// </summary>
    TemplateResult Render(CompiledPackage package, string name, IReadOnlyDictionary<string, object?> model);
}

/// <summary>The output, or why there is none (with the template's line and column when known).</summary>
public sealed record TemplateResult(string? Output, string? Error)
{
    public bool Succeeded => Error is null;
}
