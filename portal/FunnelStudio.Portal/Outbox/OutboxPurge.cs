using FunnelStudio.Outbox;
using FunnelStudio.Storage;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Outbox;

/// <summary>
/// Deletes delivered outbox messages older than <see cref="OutboxOptions.KeepDelivered"/>, hourly.
/// Dead letters are never purged: they wait for an admin.
/// </summary>
public sealed class OutboxPurge(IOutboxStore store, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxPurge> logger)
    : HourlyPurge(logger, "delivered outbox messages")
{
    protected override Task<int> PurgeAsync(CancellationToken cancellationToken) =>
        store.PurgeDeliveredAsync(clock.GetUtcNow().UtcDateTime - options.Value.KeepDelivered, cancellationToken);
}
