using System.Diagnostics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// <c>--analytics --forecast</c>: what one day of the forecast snapshot job costs on the seeded data —
/// the open pipeline rebuilt as of that day's first instant from the stage and field history
/// (<see cref="IForecastStore.OpenRecordsAsync"/>) and grouped into the day's rows
/// (<see cref="SnapshotBuilder"/>), for days 1, 90, 180 and 365 back; and beside each, the same day carried
/// forward from the day before as the job does after the first missing day (the records changed that day
/// taken away as they were and added as they are, <see cref="IForecastStore.ChangedOpenRecordsAsync"/>),
/// checked to give the same rows. Nothing is written. A first start backfills up to <c>BackfillDays</c>
/// (400): one reconstructed day, then carried days.
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
            await CarriedAsync(store, obj, calendar, day, rounds);
        }
    }

    /// <summary>The day carried forward from the day before (the totals of the day before are built first, untimed).</summary>
    private static async Task CarriedAsync(IForecastStore store, FunnelStudio.Metadata.ObjectDefinition obj, AnalyticsCalendar calendar, DateOnly day, int rounds)
    {
        var previous = calendar.StartUtc(day.AddDays(-1));
        var instant = calendar.StartUtc(day);
        var expected = SnapshotBuilder.Build(obj, day, await store.OpenRecordsAsync(obj, instant, CancellationToken.None), calendar);
        var times = new List<double>();
        var changed = 0;
        for (var i = 0; i < rounds; i++)
        {
            var totals = new SnapshotTotals(obj, calendar);
            foreach (var record in await store.OpenRecordsAsync(obj, previous, CancellationToken.None)) totals.Add(record);
            var clock = Stopwatch.StartNew();
            var before = await store.ChangedOpenRecordsAsync(obj, previous, previous, instant, CancellationToken.None);
            var after = await store.ChangedOpenRecordsAsync(obj, instant, previous, instant, CancellationToken.None);
            foreach (var record in before) totals.Remove(record);
            foreach (var record in after) totals.Add(record);
            var rows = totals.Rows(day);
            times.Add(clock.Elapsed.TotalMilliseconds);
            changed = before.Count + after.Count;
            if (!rows.SequenceEqual(expected))
                throw new InvalidOperationException($"{day}: the day carried forward differs from the day reconstructed ({rows.Count} rows against {expected.Count}).");
        }
        Console.WriteLine($"    carried from the day before: {changed:N0} changed open records read (before + after), same rows; " +
                          $"{string.Join(", ", times.Select(t => $"{t:N0}"))} ms, median {Rounds.Median(times):N0} ms; load average {AnalyticsRun.Load()}");
    }
}
