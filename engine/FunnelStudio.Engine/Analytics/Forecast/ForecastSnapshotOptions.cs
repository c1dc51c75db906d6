namespace FunnelStudio.Analytics.Forecast;

/// <summary>The snapshot job's settings (<c>FunnelStudio:Analytics</c>): whether it runs, and how far back it fills.</summary>
public sealed class ForecastSnapshotOptions
{
    /// <summary>Run the daily snapshot job in this instance (<c>SnapshotEnabled</c>; default true, off in tests).</summary>
    public bool SnapshotEnabled { get; set; } = true;

    /// <summary>The most days back a run fills (<c>BackfillDays</c>, 1 to 3650; default 400).</summary>
    public int BackfillDays { get; set; } = 400;

    /// <summary>How often the job runs after its run at start.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
}
