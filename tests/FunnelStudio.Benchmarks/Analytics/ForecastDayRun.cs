using System.Diagnostics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// <c>--analytics --forecast</c>: what one day of the forecast snapshot job costs on the seeded data —
/// the open pipeline rebuilt as of that day's first instant from the stage and field history
/// (<see cref="IForecastStore.OpenRecordsAsync"/>) and grouped into the day's rows
/// (<see cref="SnapshotBuilder"/>), for days 1, 90, 180 and 365 back. Nothing is written. The job
/// does this once per missing day (up to <c>BackfillDays</c>, 400, on a first start), so the backfill
/// of a large existing database costs about that many of these.
/// </summary>
internal static class ForecastDayRun
{
    public static async Task RunAsync(IServiceProvider services, IPackageRuntime runtime, string objectName, int rounds)
    {
        var store = services.GetRequiredService<IForecastStore>();
        var obj = runtime.Current.Object(objectName)!.Definition;
        var calendar = new AnalyticsCalendar(TimeZoneInfo.Utc);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Console.WriteLine($"forecast snapshot of one day (UTC): {rounds} rounds per day; load average {AnalyticsRun.Load()}");
        foreach (var back in new[] { 1, 90, 180, 365 })
        {
            var day = today.AddDays(-back);
            var times = new List<double>();
            var open = 0;
            var rows = 0;
            long allocated = 0;
            for (var i = 0; i < rounds; i++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var records = await store.OpenRecordsAsync(obj, calendar.StartUtc(day), CancellationToken.None);
                rows = SnapshotBuilder.Build(obj, day, records, calendar).Count;
                times.Add(clock.Elapsed.TotalMilliseconds);
                open = records.Count;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }
            Console.WriteLine($"  {day:yyyy-MM-dd} ({back} days back): {open:N0} open records → {rows:N0} rows; " +
                              $"{string.Join(", ", times.Select(t => $"{t:N0}"))} ms, median {Rounds.Median(times):N0} ms; " +
                              $"~{allocated / 1048576.0:N0} MB allocated (whole process); load average {AnalyticsRun.Load()}");
        }
    }
}
