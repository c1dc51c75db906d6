using System.Globalization;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// The users from Identity, for names and the owner filter. Every list and board page shows them,
/// so they are read at most every <see cref="Lifetime"/> per process (and per UI language, which
/// decides the order) instead of once per request; a new user or a changed name shows within it.
/// </summary>
public sealed class UserDirectory(UserManager<AppUser> users, IMemoryCache cache) : IUserDirectory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private IReadOnlyList<UserOption>? _all;

    public async Task<IReadOnlyList<UserOption>> ListAsync(CancellationToken cancellationToken)
    {
        if (_all is not null) return _all;
        var culture = CultureInfo.CurrentCulture;
        _all = await cache.GetOrCreateAsync(("fs:users", culture.Name), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            var rows = await users.Users.AsNoTracking()
                .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
                .ToListAsync(cancellationToken);
            return (IReadOnlyList<UserOption>)rows
                .Select(u => new UserOption(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.UserName ?? u.Id : u.DisplayName))
                .OrderBy(u => u.Name, StringComparer.Create(culture, ignoreCase: false)).ToList();
        }) ?? [];
        return _all;
    }

    public async Task<string> NameAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id)?.Name ?? id;
}
