namespace FunnelStudio.Saving;

/// <summary>
/// Reads and purges the idempotency keys that saves store with their records
/// (<see cref="PersistRequest.IdempotencyKey"/>); implemented by FunnelStudio.Storage.
/// </summary>
public interface IIdempotencyKeyStore
{
    /// <summary>
    /// The user's key when it is younger than <see cref="IdempotencyKey.Lifetime"/>; null otherwise.
    /// An expired key is deleted on the way, so that a new save may store it again.
    /// </summary>
    Task<StoredIdempotencyKey?> FindAsync(string userId, string key, CancellationToken cancellationToken);

    /// <summary>Deletes every key older than <see cref="IdempotencyKey.Lifetime"/>; returns how many.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}

/// <summary>A stored idempotency key: which request it was sent with and which record that request wrote.</summary>
public sealed record StoredIdempotencyKey(string RequestHash, string Object, Guid RecordId, DateTime CreatedAt);
