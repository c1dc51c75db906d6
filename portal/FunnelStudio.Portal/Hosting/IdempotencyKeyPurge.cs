using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Deletes idempotency keys older than <see cref="IdempotencyKey.Lifetime"/>, at start and then every
/// hour. Only housekeeping: an expired key no longer matches even before it is purged. Several
/// instances purging at once only delete the same rows.
/// </summary>
public sealed class IdempotencyKeyPurge(IIdempotencyKeyStore keys, ILogger<IdempotencyKeyPurge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await keys.PurgeAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} expired idempotency keys", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Fails open: the next round tries again; expired keys never match meanwhile.
                logger.LogWarning(e, "Purging expired idempotency keys failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
