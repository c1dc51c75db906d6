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

    public CompiledObject? Object(string name) => Objects.GetValueOrDefault(name);
}
