using Scriban;

namespace FunnelStudio.Templates;

/// <summary>
/// A package version's templates, parsed once by the loader (<see cref="TemplateCompiler"/>). A parsed
/// <see cref="Template"/> keeps no render state, so one is rendered by many requests at once, each with
/// its own context.
/// </summary>
public sealed class CompiledTemplates(IReadOnlyDictionary<string, Template> templates)
{
    public static CompiledTemplates Empty { get; } = new(new Dictionary<string, Template>());

    /// <summary>The template names (<c>templates/&lt;name&gt;.sbn</c>).</summary>
    public IEnumerable<string> Names => templates.Keys;

    public bool Contains(string name) => templates.ContainsKey(name);

    internal Template? Get(string name) => templates.GetValueOrDefault(name);
}
