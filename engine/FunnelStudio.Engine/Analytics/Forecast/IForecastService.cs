using FunnelStudio.Saving;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// Forecast accuracy for one acting user: forecast (from the stored snapshots) against won, per month,
/// over the records the user may read, and the records behind each figure. Throws
/// <see cref="ForecastQueryException"/> for a request that cannot be answered.
/// </summary>
public interface IForecastService
{
    Task<ForecastReport> ForecastAsync(ForecastQuery query, ActingUser user, CancellationToken cancellationToken);

    Task<ForecastDrillPage> DrillAsync(ForecastDrillQuery query, ActingUser user, CancellationToken cancellationToken);
}
