using FunnelStudio.Saving;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// <see cref="IIdempotencyKeyStore"/> over the <c>idempotency_keys</c> table. The keys themselves are
/// written by <see cref="EfRecordStore"/>, in the transaction of the record they belong to.
/// </summary>
public sealed class EfIdempotencyKeyStore(IDbContextFactory<FunnelStudioDbContext> contexts) : IIdempotencyKeyStore
{
    public async Task<StoredIdempotencyKey?> FindAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.UserId == userId && k.Key == key, cancellationToken);
        if (row is null) return null;
        var cutoff = Cutoff();
        if (row.CreatedAt >= cutoff) return new StoredIdempotencyKey(row.RequestHash, row.Object, row.RecordId, row.CreatedAt);
        // Expired but not purged yet: out of the way, so that a new save can store the key again.
        await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key && k.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return null;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cutoff = Cutoff();
        return await db.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static DateTime Cutoff() => DateTime.UtcNow - IdempotencyKey.Lifetime;
}
