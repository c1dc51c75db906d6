using FunnelStudio.Access;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Admin;

/// <summary>
/// Users and teams for admins: the user accounts service and audit log (storage), reassigning open
/// records (engine), the first-start admin, and every page under <c>/admin</c> behind the
/// <see cref="AccessPolicies.Admin"/> policy (an admin role of the package). The API is mapped by
/// <c>Api/UsersApi.cs</c>.
/// </summary>
public static class AdminSetup
{
    public static IServiceCollection AddFunnelStudioAdmin(this IServiceCollection services)
    {
        services.AddFunnelStudioUserAccounts();
        services.AddScoped<OpenRecordsReassigner>();
        services.AddScoped<FirstAdmin>();
        // PostConfigure: AddRazorPages' own setup replaces the conventions collection, so a convention
        // configured before it would be dropped and /admin would be open to every signed-in user.
        services.PostConfigure<RazorPagesOptions>(options => options.Conventions.AuthorizeFolder("/Admin", AccessPolicies.Admin));
        return services;
    }
}
