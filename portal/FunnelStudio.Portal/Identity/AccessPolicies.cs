using FunnelStudio.Saving;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Who reaches the portal and the API at all. The default policy (every page and endpoint that is
/// not anonymous) wants a signed-in, active user holding at least one role of the published
/// package: a user without a role gets no access at all. <see cref="Admin"/> wants an admin role of
/// the package. Both ask the package, never a role name.
/// </summary>
public static class AccessPolicies
{
    public const string Admin = "FunnelStudio.Admin";

    public static IServiceCollection AddFunnelStudioAccessPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PackageRoleRequirement(false)).Build())
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().AddRequirements(new PackageRoleRequirement(true)));
        services.AddScoped<IAuthorizationHandler, PackageRoleHandler>();
        return services;
    }

    /// <summary>
    /// After authentication: a principal whose user is unknown or deactivated is treated as signed
    /// out (pages: back to the sign-in page; API: 401), so a deactivated account's cookie or token
    /// stops working as soon as the user directory sees the change.
    /// </summary>
    public static IApplicationBuilder UseActiveUsersOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var current = context.RequestServices.GetRequiredService<ICurrentUser>();
        if (current.IsAuthenticated && await current.GetAsync(context.RequestAborted) is null)
        {
            if (!IdentitySetup.IsApiRequest(context.Request))
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        }
        await next();
    });

    /// <summary>Holds at least one role of the package (or an admin role, when <paramref name="AdminOnly"/>).</summary>
    public sealed record PackageRoleRequirement(bool AdminOnly) : IAuthorizationRequirement;

    private sealed class PackageRoleHandler(ICurrentUser current, IPackageRuntime runtime) : AuthorizationHandler<PackageRoleRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PackageRoleRequirement requirement)
        {
            if (await current.GetAsync() is not { } user) return;
            var access = runtime.Current.Access;
            if (requirement.AdminOnly ? access.IsAdmin(user) : access.HasAnyRole(user)) context.Succeed(requirement);
        }
    }
}
