using System.Security.Claims;
using FunnelStudio.Access;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Builds the <see cref="ActingUser"/> of a request from its signed-in principal and the user
/// directory — not from the roles in the cookie or token, which would keep a removed role or a
/// deactivated account alive until they expire. Roles, active flag and team (everyone below the
/// user in the manager chain) are therefore at most <see cref="IUserDirectory.MaxStaleness"/> old.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IUserDirectory directory) : ICurrentUser
{
    private ActingUser? _user;
    private bool _resolved;

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true && Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not null;

    public async Task<ActingUser?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_resolved) return _user;
        if (!IsAuthenticated) return null;
        var id = Principal!.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var user = await directory.FindAsync(id, cancellationToken);
        if (user is { Active: true })
            _user = new ActingUser(id, user.Name, user.Roles) { TeamIds = Teams.ReportsOf(id, await directory.AllAsync(cancellationToken)) };
        _resolved = true;
        return _user;
    }
}
