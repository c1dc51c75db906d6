using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Uniqueness;
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
        // A field that becomes unique must hold for the records there are: refused while they hold duplicates.
        var keys = new UniqueKeyBackfill(scope.ServiceProvider.GetRequiredService<IRecordKeyStore>());
        var preparation = await keys.PrepareAsync(result.Package, cancellationToken);
        if (preparation.Duplicates.Count > 0) return result with { Diagnostics = [.. result.Diagnostics, .. preparation.Duplicates] };
        var versions = scope.ServiceProvider.GetRequiredService<IConfigVersionStore>();
        var definition = result.Package.Definition;
        var version = await versions.PublishAsync(definition.Name, definition.Version, PackageFiles.ReadAll(source), publishedBy, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IFieldIndexer>().EnsureIndexesAsync(result.Package, cancellationToken);
        // The board sums the stored amount column: follow a change of the object's amount field.
        var store = scope.ServiceProvider.GetRequiredService<IRecordStore>();
        foreach (var obj in result.Package.Objects.Values)
            await store.RefreshAmountsAsync(obj.Name, obj.Definition.Amount?.Name, cancellationToken);
        await keys.ApplyAsync(result.Package, preparation, cancellationToken);
        _current = new Snapshot(result.Package, version.Id);
        logger.LogInformation("Published {Package} {PackageVersion} as config version {Version}", definition.Name, definition.Version, version.Id);
        await CatchUpKeysAsync(keys, result.Package, cancellationToken);
        return result;
    }

    /// <summary>
    /// Records created under the previous version while this one was being published have no keys
    /// for fields it made unique: they get them now. Duplicates among them cannot be refused any more
    /// (the version is live), so they are logged for an admin to resolve.
    /// </summary>
    private async Task CatchUpKeysAsync(UniqueKeyBackfill keys, CompiledPackage package, CancellationToken cancellationToken)
    {
        var late = await keys.PrepareAsync(package, cancellationToken);
        await keys.ApplyAsync(package, late with { Duplicates = [] }, cancellationToken);
        foreach (var duplicate in late.Duplicates)
            logger.LogWarning("Created during the publish, not unique: {Problem}", duplicate.Message);
    }

    private sealed record Snapshot(CompiledPackage Package, long VersionId);
}
