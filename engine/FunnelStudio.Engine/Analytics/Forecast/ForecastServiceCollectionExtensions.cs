using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>Registers the forecast: its service, the snapshot run and the analytics options, validated at start.</summary>
public static class ForecastServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IForecastService"/> and <see cref="ForecastSnapshotter"/> (singletons), <see cref="AnalyticsOptions"/>
    /// checked at start by <see cref="AnalyticsOptionsValidator"/>, and <see cref="ForecastSnapshotOptions"/> checked likewise.
    /// The host binds both from <see cref="AnalyticsOptions.Section"/> and runs the job; storage registers the <see cref="IForecastStore"/>.
    /// </summary>
    public static IServiceCollection AddFunnelStudioForecast(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AnalyticsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
        services.AddOptions<ForecastSnapshotOptions>()
            .Validate(o => o.BackfillDays is >= 1 and <= 3650, $"{AnalyticsOptions.Section}:{nameof(ForecastSnapshotOptions.BackfillDays)}: use 1 to 3650.")
            .ValidateOnStart();
        services.TryAddSingleton<IForecastService, ForecastService>();
        services.TryAddSingleton<ForecastSnapshotter>();
        return services;
    }
}
