using FunnelStudio.Saving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// One run of the daily snapshot job: for every object with a pipeline in the published package, every
/// day from go-live (the first published version's day, at most <see cref="ForecastSnapshotOptions.BackfillDays"/>
/// back) to today whose snapshot is not stored yet is reconstructed and stored. A day's snapshot does
/// not depend on when it is taken, so a missed day, a restart or a second instance changes nothing.
/// </summary>
public sealed class ForecastSnapshotter(IPackageRuntime runtime, IConfigVersionStore versions, IForecastStore store,
    IOptions<AnalyticsOptions> analytics, IOptions<ForecastSnapshotOptions> options, TimeProvider clock,
    ILogger<ForecastSnapshotter>? logger = null)
{
    private readonly AnalyticsCalendar _calendar = new(analytics.Value.Zone);
    private readonly ILogger _logger = logger ?? NullLogger<ForecastSnapshotter>.Instance;

    /// <summary>Stores every missing day up to today; returns how many (object, day) snapshots it wrote.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (runtime.VersionId == 0) return 0;
        var package = runtime.Current;
        var today = _calendar.DayOf(clock.GetUtcNow().UtcDateTime);
        var first = await FirstDayAsync(today, cancellationToken);
        if (first is not { } start) return 0;
        var written = 0;
        foreach (var compiled in package.Objects.Values.Where(o => o.Definition.Pipeline is not null).OrderBy(o => o.Definition.Name, StringComparer.Ordinal))
        {
            var obj = compiled.Definition;
            var stored = await store.SnapshotDaysAsync(obj.Name, start, today, cancellationToken);
            for (var day = start; day <= today; day = day.AddDays(1))
            {
                if (stored.Contains(day)) continue;
                var open = await store.OpenRecordsAsync(obj, _calendar.StartUtc(day), cancellationToken);
                if (await store.WriteSnapshotAsync(obj.Name, day, SnapshotBuilder.Build(obj, day, open, _calendar), cancellationToken)) written++;
            }
        }
        if (written > 0) _logger.LogInformation("Stored {Count} daily pipeline snapshots up to {Today}.", written, today);
        return written;
    }

    /// <summary>Go-live (the day the first version was published), but no more than the backfill limit before today.</summary>
    private async Task<DateOnly?> FirstDayAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var published = (await versions.ListAsync(cancellationToken)).Where(v => v.PublishedAt is not null).Select(v => v.PublishedAt!.Value).ToList();
        if (published.Count == 0) return null;
        var goLive = _calendar.DayOf(published.Min());
        var limit = today.AddDays(-(options.Value.BackfillDays - 1));
        return goLive > limit ? goLive : limit;
    }
}
