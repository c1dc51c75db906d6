using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Sign-in (the login page and <c>/api/v1/identity/login</c>) for active users only. A deactivated
/// account gets the answer of a wrong password — after the password is checked, so the answer and
/// its timing do not tell that the account exists but is switched off — and no failed attempt is
/// counted against it. Refresh tokens of such an account are ended by its new security stamp.
/// </summary>
public sealed class ActiveUserSignInManager(
    UserManager<AppUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        if (user.IsActive) return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        await UserManager.CheckPasswordAsync(user, password);
        return SignInResult.Failed;
    }
}
