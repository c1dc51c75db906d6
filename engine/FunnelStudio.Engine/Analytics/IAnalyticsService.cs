using FunnelStudio.Saving;

namespace FunnelStudio.Analytics;

/// <summary>
/// The funnel KPIs for one user: computed in SQL from records and stage history over what the
/// user's read permission reaches (the owner filter every list applies), never over hidden fields.
/// Bad requests throw <see cref="AnalyticsException"/> with a stable code.
/// </summary>
public interface IAnalyticsService
{
    Task<FunnelResult> FunnelAsync(ActingUser user, AnalyticsRequest request, FunnelMode mode, CancellationToken cancellationToken);

    /// <summary>The period's KPIs with the previous period of the same length beside them, and the open pipeline now.</summary>
    Task<KpiResult> KpisAsync(ActingUser user, AnalyticsRequest request, CancellationToken cancellationToken);

    /// <summary>The period KPIs per week or month over the request's period, with the versions published in it.</summary>
    Task<TrendResult> TrendsAsync(ActingUser user, AnalyticsRequest request, TrendInterval interval, CancellationToken cancellationToken);

    /// <summary>The request's object before and after a published version (the request's period is ignored).</summary>
    Task<VersionEffect> VersionEffectAsync(ActingUser user, AnalyticsRequest request, long versionId, int weeks, CancellationToken cancellationToken);

    /// <summary>The records behind one number of <see cref="FunnelAsync"/>, <see cref="KpisAsync"/> or a trend point.</summary>
    Task<DrillPage> DrillAsync(ActingUser user, AnalyticsRequest request, DrillTarget target, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The go-live: when the first config version was published (the default baseline of trends).</summary>
    Task<DateTime?> BaselineAsync(CancellationToken cancellationToken);

    /// <summary>The published versions, newest first (for the version comparison).</summary>
    Task<IReadOnlyList<VersionMarker>> VersionsAsync(CancellationToken cancellationToken);
}
