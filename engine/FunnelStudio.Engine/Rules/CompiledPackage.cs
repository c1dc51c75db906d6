using FunnelStudio.Access;
using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>A loaded, validated and compiled package: what the engine runs.</summary>
public sealed class CompiledPackage(PackageDefinition definition, IReadOnlyDictionary<string, CompiledObject> objects)
{
    public PackageDefinition Definition { get; } = definition;
    public IReadOnlyDictionary<string, CompiledObject> Objects { get; } = objects;

    /// <summary>The package's access model, compiled once with it.</summary>
    public AccessPolicy Access { get; } = new(definition);

    /// <summary>Every lookup by the object it targets: what a delete of a record has to follow.</summary>
    public References.LookupIndex Lookups { get; } = new(objects.Values.Select(o => o.Definition));

    /// <summary>The package's and its plugins' scripts, prepared once with the version (set by the loader).</summary>
    public Scripting.CompiledScripts Scripts { get; internal set; } = Scripting.CompiledScripts.Empty;

    /// <summary>The package's Scriban templates, parsed once with the version (set by the loader).</summary>
    public FunnelStudio.Templates.CompiledTemplates Templates { get; internal set; } = FunnelStudio.Templates.CompiledTemplates.Empty;

    public CompiledObject? Object(string name) => Objects.GetValueOrDefault(name);
}
