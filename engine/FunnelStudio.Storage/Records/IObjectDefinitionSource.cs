using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// Tells the record store an object's field types, so that stored JSON reads back typed (dates
/// as <see cref="DateTime"/>). Unknown objects read back as stored (strings, decimals, booleans).
/// </summary>
public interface IObjectDefinitionSource
{
    ObjectDefinition? Find(string obj);
}

/// <summary>The default source: the published package of the <see cref="IPackageRuntime"/>, when one is registered and loaded.</summary>
internal sealed class PackageRuntimeDefinitions(IServiceProvider services) : IObjectDefinitionSource
{
    public ObjectDefinition? Find(string obj)
    {
        if (services.GetService<IPackageRuntime>() is not { } runtime) return null;
        try
        {
            return runtime.Current.Object(obj)?.Definition;
        }
        catch (InvalidOperationException)
        {
            // Nothing published yet: values read back untyped rather than not at all.
            return null;
        }
    }
}
