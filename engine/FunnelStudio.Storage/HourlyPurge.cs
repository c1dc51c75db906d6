using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage;

/// <summary>
/// Housekeeping that deletes what has outlived its use (expired idempotency keys, old save traces,
/// delivered outbox messages): at start and then every hour. It fails open — a round that fails is
/// logged and the next one tries again — and several instances purging at once only delete the same rows.
/// </summary>
public abstract class HourlyPurge(ILogger logger, string what) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes what is due; returns how many rows went.</summary>
    protected abstract Task<int> PurgeAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} {What}", purged, what);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging {What} failed; the next round tries again", what);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
