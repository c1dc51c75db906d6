using FunnelStudio.Storage;
using FunnelStudio.Storage.Identity;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Sign-in: ASP.NET Core Identity with roles, a cookie for the portal's pages and bearer tokens for
/// the API (<c>POST /api/v1/identity/login</c>). One policy scheme picks per request: API calls
/// authenticate with a bearer token or the cookie and get 401/403, pages use the cookie and are
/// redirected to the login page.
/// </summary>
public static class IdentitySetup
{
    public const string Scheme = "FunnelStudio";

    public static IServiceCollection AddFunnelStudioIdentity(this IServiceCollection services)
    {
        // The services behind Identity's API endpoints (bearer tokens, sign-in manager) — the
        // endpoints themselves are never mapped: Api/SignInApi maps login and refresh only.
        services.AddIdentityApiEndpoints<AppUser>(options =>
            {
                AccountRules.Apply(options);
                // Ten failures in a row lock the account for five minutes; the answer stays the same
                // "invalid credentials" (PasswordSignIn), so a locked account is not revealed either.
                options.Lockout.MaxFailedAccessAttempts = 10;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FunnelStudioDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddSignInManager<ActiveUserSignInManager>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
                options.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Bearer token or cookie", options => options.ForwardDefaultSelector = SelectScheme);

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "FunnelStudio.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // The API answers with a status code, never with a redirect to an HTML page.
            options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<PasswordSignIn>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddFunnelStudioAccessPolicies();
        return services;
    }

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static string SelectScheme(HttpContext context)
    {
        if (!IsApiRequest(context.Request)) return IdentityConstants.ApplicationScheme;
        string? header = context.Request.Headers.Authorization;
        return header?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }

    private static Task StatusOrRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApiRequest(context.Request)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
