using FunnelStudio.Outbox;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Outbox;

/// <summary>
/// Deletes delivered outbox messages older than <see cref="OutboxOptions.KeepDelivered"/>, at start and
/// then every hour. Housekeeping only: it fails open and tries again; several instances purging at once
/// only delete the same rows. Dead letters are never purged — they wait for an admin.
/// </summary>
public sealed class OutboxPurge(IOutboxStore store, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxPurge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await store.PurgeDeliveredAsync(clock.GetUtcNow().UtcDateTime - options.Value.KeepDelivered, stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} delivered outbox messages", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging delivered outbox messages failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
