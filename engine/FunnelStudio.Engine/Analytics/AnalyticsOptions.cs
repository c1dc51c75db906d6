namespace FunnelStudio.Analytics;

/// <summary><c>FunnelStudio:Analytics</c>: checked at start (<see cref="AnalyticsOptionsValidator"/>).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "FunnelStudio:Analytics";

    /// <summary>IANA id of the zone whose calendar days the daily snapshots use (a day starts at 00:00 in it).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The zone named by <see cref="TimeZone"/> (valid once the options passed validation).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Days in an open stage after which a record counts as stalled, for stages that set no <c>stalledAfterDays</c>.</summary>
    public int StalledAfterDays { get; set; } = 30;

    /// <summary>How long one analytics query may run; then the request fails with ANALYTICS_TIMEOUT.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
