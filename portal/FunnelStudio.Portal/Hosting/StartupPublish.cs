using FunnelStudio.Audit;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Versions;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Publishing the configured package folder at start: into an empty database always, otherwise
/// only with <c>FunnelStudio:PublishOnStart=ifChanged</c> and files that differ from the active
/// version's. Either way through every check of <see cref="IConfigPublisher"/>; a refused package
/// stops the start with the blockers listed.
/// </summary>
public static class StartupPublish
{
    /// <summary>True when the folder's package files are not exactly the active version's.</summary>
    public static bool Differs(IReadOnlyDictionary<string, string> folder, IReadOnlyDictionary<string, string> active) =>
        folder.Count != active.Count || folder.Any(f => !active.TryGetValue(f.Key, out var text) || text != f.Value);

    public static async Task PublishAsync(IServiceProvider services, string folder, string configured, CancellationToken cancellationToken)
    {
        var publisher = services.GetRequiredService<IConfigPublisher>();
        var draft = await publisher.CreateDraftAsync(PackageFiles.ReadAll(PackageSources.Folder(folder)), AuditActions.SystemActor, cancellationToken);
        if (draft.Version is null)
            throw Refused(configured, draft.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
        var result = await publisher.PublishAsync(draft.Version.Id, PublishMapping.None, AuditActions.SystemActor, cancellationToken);
        if (result.Status != PublishStatus.Published)
            throw Refused(configured, result.Plan is { } plan
                ? plan.Blockers.Select(b => $"{b.Code}: {b.Message}").Concat(plan.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()))
                : [result.Message]);
    }

    private static InvalidOperationException Refused(string configured, IEnumerable<string> problems) =>
        new($"The config package '{configured}' cannot be published:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
}
