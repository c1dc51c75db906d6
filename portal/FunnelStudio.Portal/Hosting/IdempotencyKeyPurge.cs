using FunnelStudio.Saving;
using FunnelStudio.Storage;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Deletes idempotency keys older than <see cref="IdempotencyKey.Lifetime"/>, hourly. Only housekeeping:
/// an expired key no longer matches even before it is purged.
/// </summary>
public sealed class IdempotencyKeyPurge(IIdempotencyKeyStore keys, ILogger<IdempotencyKeyPurge> logger) : HourlyPurge(logger, "expired idempotency keys")
{
    protected override Task<int> PurgeAsync(CancellationToken cancellationToken) => keys.PurgeAsync(cancellationToken);
}
