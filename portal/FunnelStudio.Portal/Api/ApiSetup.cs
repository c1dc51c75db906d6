using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// API v1 under <c>/api/v1</c>: sign-in at <c>/api/v1/identity</c> (login and refresh only — no
/// self-registration: accounts are created by an admin), and the metadata, records and stage
/// endpoints, which require a bearer token or the portal cookie of a user holding a package role.
/// </summary>
public static class ApiSetup
{
    public static IServiceCollection AddFunnelStudioApi(this IServiceCollection services) =>
        // Chinese labels and values as themselves rather than \uXXXX; HTML-sensitive characters stay escaped.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

    public static IEndpointRouteBuilder MapFunnelStudioApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1");
        api.MapSignInApi();

        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapObjectsApi();
        secured.MapRecordsApi();
        secured.MapStageApi();
        secured.MapActionsApi();
        secured.MapTraceApi();
        secured.MapDocumentsApi();
        secured.MapUsersApi();
        secured.MapConfigApi();
        secured.MapOutboxApi();
        secured.MapApprovalsApi();
        secured.MapNotificationsApi();
        Analytics.Forecast.ForecastApi.MapForecastApi(secured);
        secured.MapAnalyticsApi();
        secured.MapReportsApi();
        return endpoints;
    }
}
