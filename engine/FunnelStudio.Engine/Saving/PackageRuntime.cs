using FunnelStudio.Loading;
using FunnelStudio.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Saving;

/// <summary>
/// Holds the compiled published package. Compiling happens once per version; readers see either
/// the old or the new package, never a half-built one (the reference is swapped whole).
/// </summary>
public sealed class PackageRuntime(IServiceScopeFactory scopes, ILogger<PackageRuntime> logger) : IPackageRuntime
{
    private volatile Snapshot? _current;

    public CompiledPackage Current => (_current ?? throw new InvalidOperationException(
        "No config package is published yet; start the portal once to import one.")).Package;

    public long VersionId => _current?.VersionId ?? 0;

    public async Task<bool> LoadPublishedAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var versions = scope.ServiceProvider.GetRequiredService<IConfigVersionStore>();
        var published = await versions.PublishedAsync(cancellationToken);
        if (published is null) return false;
        var result = PackageLoader.Load(new MemoryPackageSource(published.Files, $"config version {published.Id}"));
        if (result.Package is null)
            throw new InvalidOperationException($"The published config version {published.Id} no longer loads: " +
                string.Join("; ", result.Errors.Select(e => e.ToString())));
        _current = new Snapshot(result.Package, published.Id);
        logger.LogInformation("Loaded config version {Version} ({Package} {PackageVersion})", published.Id, published.PackageName, published.PackageVersion);
        return true;
    }

    public async Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken)
    {
        var result = PackageLoader.Load(source);
        if (result.Package is null) return result;
        using var scope = scopes.CreateScope();
        var versions = scope.ServiceProvider.GetRequiredService<IConfigVersionStore>();
        var definition = result.Package.Definition;
        var version = await versions.PublishAsync(definition.Name, definition.Version, PackageFiles.ReadAll(source), publishedBy, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IFieldIndexer>().EnsureIndexesAsync(result.Package, cancellationToken);
        // The board sums the stored amount column: follow a change of the object's amount field.
        var store = scope.ServiceProvider.GetRequiredService<IRecordStore>();
        foreach (var obj in result.Package.Objects.Values)
            await store.RefreshAmountsAsync(obj.Name, obj.Definition.Amount?.Name, cancellationToken);
        _current = new Snapshot(result.Package, version.Id);
        logger.LogInformation("Published {Package} {PackageVersion} as config version {Version}", definition.Name, definition.Version, version.Id);
        return result;
    }

    private sealed record Snapshot(CompiledPackage Package, long VersionId);
}
