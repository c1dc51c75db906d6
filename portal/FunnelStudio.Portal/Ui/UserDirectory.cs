using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Portal.Ui;

/// <summary>Reads users from Identity once per request (a request renders many names).</summary>
public sealed class UserDirectory(UserManager<AppUser> users) : IUserDirectory
{
    private IReadOnlyList<UserOption>? _all;

    public async Task<IReadOnlyList<UserOption>> ListAsync(CancellationToken cancellationToken)
    {
        if (_all is not null) return _all;
        var rows = await users.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        _all = rows.Select(u => new UserOption(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.UserName ?? u.Id : u.DisplayName))
            .OrderBy(u => u.Name, StringComparer.CurrentCulture).ToList();
        return _all;
    }

    public async Task<string> NameAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id)?.Name ?? id;
}
