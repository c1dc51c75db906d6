using System.Security.Claims;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Identity;

/// <summary>Adds the display name and preferred language to the cookie and the bearer token.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FunnelStudioClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName));
        if (!string.IsNullOrEmpty(user.Locale)) identity.AddClaim(new Claim(FunnelStudioClaims.Locale, user.Locale));
        return identity;
    }
}
