using System.Text.Encodings.Web;
using System.Text.Unicode;
using FunnelStudio.Storage.Identity;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// API v1 under <c>/api/v1</c>: Identity's token endpoints at <c>/api/v1/identity</c> (no
/// self-registration: accounts are created by an admin), and the metadata, records and stage
/// endpoints, which require a bearer token or the portal cookie.
/// </summary>
public static class ApiSetup
{
    public static IServiceCollection AddFunnelStudioApi(this IServiceCollection services) =>
        // Chinese labels and values as themselves rather than \uXXXX; HTML-sensitive characters stay escaped.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

    public static IEndpointRouteBuilder MapFunnelStudioApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1");
        api.MapGroup("/identity").WithTags("Identity")
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.Path.Value?.EndsWith("/register", StringComparison.OrdinalIgnoreCase) == true
                    ? ApiProblems.Problem(403, ErrorCodes.Forbidden, "Self-registration is off: an administrator creates accounts.")
                    : await next(context))
            .MapIdentityApi<AppUser>();

        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapObjectsApi();
        secured.MapRecordsApi();
        secured.MapStageApi();
        secured.MapUsersApi();
        return endpoints;
    }
}
