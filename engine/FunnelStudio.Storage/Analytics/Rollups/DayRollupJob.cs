using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Keeps the per-day rollups: every <see cref="DayRollupOptions.RefreshSeconds"/>, builds those of each pipeline
/// object of the active package that are missing (or were built for another zone or other terminal stages),
/// rebuilds the days marked since, and drops those of objects the package no longer has. Until a day is
/// rebuilt a dashboard reads it from the history, so a slow round costs speed, never correctness. A failed
/// round is logged and the next one tries again.
/// </summary>
public sealed class DayRollupJob(DayRollupMaintainer maintainer, IPackageRuntime runtime, DayRollupOptions options,
    ILogger<DayRollupJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            // Turned off after running with rollups: drop them, so the triggers stop marking days nothing rebuilds.
            try
            {
                await maintainer.DropOthersAsync([], stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dropping the analytics rollups (turned off) failed; they are left as they are.");
            }
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RefreshSeconds));
        do
        {
            try
            {
                await RunOnceAsync(maintainer, runtime, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Keeping the analytics rollups failed; the next round tries again (dashboards read the history meanwhile).");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round over the active package's pipeline objects; returns the marks consumed.</summary>
    public static async Task<int> RunOnceAsync(DayRollupMaintainer maintainer, IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (runtime.VersionId == 0) return 0;
        var consumed = 0;
        var objects = runtime.Current.Definition.Objects.Where(o => o.Pipeline is not null).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        await maintainer.DropOthersAsync(objects.Select(o => o.Name).ToList(), cancellationToken);
        foreach (var obj in objects)
        {
            var terminals = obj.Pipeline!.Stages.Where(s => s.Terminal != StageTerminal.None).Select(s => s.Name).ToList();
            await maintainer.EnsureBuiltAsync(obj.Name, terminals, cancellationToken);
            int round;
            do consumed += round = await maintainer.RefreshAsync(obj.Name, terminals, cancellationToken);
            while (round == DayRollupMaintainer.MarksPerRound);
        }
        return consumed;
    }
}
