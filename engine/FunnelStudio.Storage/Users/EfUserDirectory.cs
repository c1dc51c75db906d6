using FunnelStudio.Access;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// <see cref="IUserDirectory"/> over the Identity tables: every user with their roles, read in
/// two queries and kept for <see cref="IUserDirectory.MaxStaleness"/> (users change rarely, every
/// request needs its user's roles and team). A change made through this instance calls
/// <see cref="Invalidate"/>; another instance sees it within the staleness window.
/// </summary>
public sealed class EfUserDirectory(IDbContextFactory<FunnelStudioDbContext> contexts, TimeProvider clock) : IUserDirectory
{
    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _loading = new(1, 1);
    // Bumped by Invalidate: a load that started before a change must not be kept after it, or a user
    // deactivated while someone's request was loading would stay active here for another 30 seconds.
    private int _generation;

    public async ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Users;

    public async ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).ById.GetValueOrDefault(id);

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.LoadedAt < IUserDirectory.MaxStaleness) return fresh;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < IUserDirectory.MaxStaleness) return loaded;
            var generation = Volatile.Read(ref _generation);
            var snapshot = await LoadAsync(now, cancellationToken);
            if (generation == Volatile.Read(ref _generation)) _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName, u.IsActive, u.ManagerId })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync(cancellationToken);
        var rolesByUser = roles.Where(r => r.Name is not null).ToLookup(r => r.UserId, r => r.Name!);
        var list = users
            .Select(u => new DirectoryUser(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.UserName ?? u.Id : u.DisplayName,
                u.Email, u.IsActive, u.ManagerId, rolesByUser[u.Id].Order(StringComparer.Ordinal).ToArray()))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        return new Snapshot(now, list, list.ToDictionary(u => u.Id, StringComparer.Ordinal));
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyList<DirectoryUser> Users, IReadOnlyDictionary<string, DirectoryUser> ById);
}
