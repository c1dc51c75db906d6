using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Reads users from Identity, reused for a few seconds across requests (every list and board page
/// shows user names; users change rarely).
/// </summary>
public sealed class UserDirectory(UserManager<AppUser> users, IMemoryCache cache) : IUserDirectory
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(15);
    private IReadOnlyList<UserOption>? _all;

    public async Task<IReadOnlyList<UserOption>> ListAsync(CancellationToken cancellationToken)
    {
        if (_all is not null) return _all;
        if (cache.TryGetValue("fs:users", out IReadOnlyList<UserOption>? cached) && cached is not null) return _all = cached;
        var rows = await users.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        _all = rows.Select(u => new UserOption(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.UserName ?? u.Id : u.DisplayName))
            .OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        cache.Set("fs:users", _all, CacheTime);
        return _all;
    }

    public async Task<string> NameAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id)?.Name ?? id;
}
