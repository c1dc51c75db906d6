using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Saving;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Analytics.Forecast;

/// <summary>
/// Stores the daily pipeline snapshots: once at start (as soon as a package is published), then
/// hourly, each run filling every missing day up to today (<see cref="ForecastSnapshotter"/>). Off when
/// <c>FunnelStudio:Analytics:SnapshotEnabled</c> is false. Several instances may run it: a day is stored once.
/// A failed run is logged and tried again at the next tick; it never stops the portal.
/// </summary>
public sealed class ForecastSnapshotJob(ForecastSnapshotter snapshotter, IPackageRuntime runtime, IOptions<ForecastSnapshotOptions> options,
    TimeProvider clock, ILogger<ForecastSnapshotJob> logger) : BackgroundService
{
    private static readonly TimeSpan WaitForPackage = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SnapshotEnabled) return;
        // The first start imports the package after the host starts: wait for it rather than an hour.
        while (runtime.VersionId == 0) await Task.Delay(WaitForPackage, clock, stoppingToken);
        using var timer = new PeriodicTimer(ForecastSnapshotOptions.Interval, clock);
        do
        {
            try
            {
                await snapshotter.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The pipeline snapshot run failed; the missing days are filled at the next run.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
