using System.Security.Claims;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Builds the <see cref="ActingUser"/> from the request's principal: roles from the Identity role
/// claims (cookie or bearer token), the team from the users whose manager is this user — looked up
/// only for managers, once per request.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, FunnelStudioDbContext db) : ICurrentUser
{
    private ActingUser? _user;

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true && Principal.FindFirstValue(ClaimTypes.NameIdentifier) is not null;

    public async Task<ActingUser?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_user is not null) return _user;
        if (!IsAuthenticated) return null;
        var principal = Principal!;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var name = principal.FindFirstValue(FunnelStudioClaims.DisplayName) ?? principal.Identity?.Name ?? id;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().ToArray();
        IReadOnlyList<string> team = [];
        if (roles.Contains("manager"))
            team = await db.Users.AsNoTracking().Where(u => u.ManagerId == id).Select(u => u.Id).ToListAsync(cancellationToken);
        return _user = new ActingUser(id, name, roles) { TeamIds = team };
    }
}
