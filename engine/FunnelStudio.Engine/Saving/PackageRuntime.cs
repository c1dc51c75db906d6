using FunnelStudio.Diagnostics;
using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Saving;

/// <summary>
/// Holds the compiled published package. Compiling happens once per version; readers see either
/// the old or the new package, never a half-built one (the reference is swapped whole). Inside a
/// <see cref="Pin"/> (the portal pins each request) every read gives the version pinned, so a
/// request that began before a publish ends on the version it began with.
/// </summary>
public sealed class PackageRuntime(IServiceScopeFactory scopes, ILogger<PackageRuntime> logger) : IPackageRuntime
{
    private volatile Snapshot? _current;
    private readonly AsyncLocal<PinnedVersion?> _pinned = new();

    public CompiledPackage Current => (Read() ?? throw new InvalidOperationException(
        "No config package is published yet; start the portal once to import one.")).Package;

    public long VersionId => Read()?.VersionId ?? 0;

    public IDisposable Pin()
    {
        var previous = _pinned.Value;
        _pinned.Value = new PinnedVersion { Snapshot = _current };
        return new Unpin(() => _pinned.Value = previous);
    }

    private Snapshot? Read() => _pinned.Value?.Snapshot ?? _current;

    public async Task<bool> LoadPublishedAsync(CancellationToken cancellationToken)
    {
        var observed = _current;
        using var scope = scopes.CreateScope();
        var versions = scope.ServiceProvider.GetRequiredService<IConfigVersionStore>();
        var published = await versions.PublishedAsync(cancellationToken);
        if (published is null) return false;
        if (published.Id == observed?.VersionId) return true;
        var result = PackageLoader.Load(new MemoryPackageSource(published.Files, $"config version {published.Id}"));
        if (result.Package is null)
            throw new InvalidOperationException($"The published config version {published.Id} no longer loads: " +
                string.Join("; ", result.Errors.Select(e => e.ToString())));
        // A publish on this instance that swapped its package in meanwhile is newer than what was read here: it stays.
        if (Interlocked.CompareExchange(ref _current, new Snapshot(result.Package, published.Id), observed) != observed) return true;
        logger.LogInformation("Loaded config version {Version} ({Package} {PackageVersion})", published.Id, published.PackageName, published.PackageVersion);
        return true;
    }

    public async Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IConfigPublisher>();
        var draft = await publisher.CreateDraftAsync(PackageFiles.ReadAll(source), publishedBy, cancellationToken);
        if (draft.Version is null) return new LoadResult(null, null, draft.Diagnostics);
        var result = await publisher.PublishAsync(draft.Version.Id, PublishMapping.None, publishedBy, cancellationToken);
        if (result.Status == PublishStatus.Published) return new LoadResult(Current.Definition, Current, result.Plan?.Diagnostics ?? []);
        var plan = result.Plan;
        // Duplicates keep their own diagnostics (code FS1301, file and path); other blockers become errors with their code.
        var blockers = plan is null ? [new Diagnostic("CONFIG_CONFLICT", DiagnosticSeverity.Error, "", "$", result.Message)]
            : plan.Blockers.Where(b => !plan.Impact.Duplicates.Any(d => d.Message == b.Message))
                .Select(b => new Diagnostic(b.Code, DiagnosticSeverity.Error, "", "$", b.Message));
        return new LoadResult(null, null, [.. plan?.Diagnostics ?? [], .. plan?.Impact.Duplicates ?? [], .. blockers]);
    }

    public void Activate(CompiledPackage package, long versionId)
    {
        var snapshot = new Snapshot(package, versionId);
        _current = snapshot;
        // The request that published goes on with what it published.
        if (_pinned.Value is { } pinned) pinned.Snapshot = snapshot;
    }

    private sealed record Snapshot(CompiledPackage Package, long VersionId);

    private sealed class PinnedVersion
    {
        public Snapshot? Snapshot { get; set; }
    }

    private sealed class Unpin(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
