using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Keeps this instance on the active config version when another instance (or the CLI) publishes:
/// as soon as a publish is announced (<see cref="IConfigVersionSignal"/>: NOTIFY on PostgreSQL), and
/// at the latest every <see cref="Interval"/>, it asks the database for the published version's id —
/// one indexed row — and loads that version into <see cref="IPackageRuntime"/> when it changed. A failed look
/// (the database briefly away) is logged and tried again on the next tick; the running version
/// stays in use meanwhile.
/// </summary>
public sealed class ConfigVersionFollower(IConfigVersionStore store, IPackageRuntime runtime, IConfigVersionSignal signal,
    ILogger<ConfigVersionFollower> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(Interval, stoppingToken);
                var published = await store.PublishedIdAsync(stoppingToken);
                if (published is { } id && id != runtime.VersionId && await runtime.LoadPublishedAsync(stoppingToken))
                    logger.LogInformation("Following config version {Version}, published elsewhere", runtime.VersionId);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not check the published config version; staying on {Version}", runtime.VersionId);
                try { await Task.Delay(Interval, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
