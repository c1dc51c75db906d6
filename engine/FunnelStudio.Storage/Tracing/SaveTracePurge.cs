using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage.Tracing;

/// <summary>
/// Deletes save traces older than <see cref="SaveTraceOptions.KeepDays"/>, at start and then every
/// hour. Several instances purging at once only delete the same rows.
/// </summary>
public sealed class SaveTracePurge(EfSaveTraceStore store, ILogger<SaveTracePurge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await store.PurgeAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} old save traces", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Only housekeeping: the next round tries again.
                logger.LogWarning(e, "Purging old save traces failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
