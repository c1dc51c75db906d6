using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Portal.Analytics.Forecast;

/// <summary>The forecast in the portal: the engine's service and options (bound from <c>FunnelStudio:Analytics</c>) and the snapshot job.</summary>
public static class ForecastSetup
{
    public static IServiceCollection AddFunnelStudioForecastAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFunnelStudioForecast();
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        services.AddOptions<ForecastSnapshotOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        services.AddHostedService<ForecastSnapshotJob>();
        return services;
    }
}
