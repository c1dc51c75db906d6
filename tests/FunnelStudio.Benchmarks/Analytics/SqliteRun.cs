using System.Diagnostics;
using FunnelStudio.Analytics;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// <c>--analytics --sqlite [--deals 100000] [--rounds 7]</c>: a fresh SQLite file with the benchmark package published and the
/// generated deals (<see cref="SqliteSeed"/>); then the dashboard through <see cref="IAnalyticsService"/> (KPIs + period funnel,
/// one year), one owner and all owners, <c>--rounds</c> times each after one warm-up: every time and the median.
/// </summary>
internal static class SqliteRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var deals = AnalyticsRun.Int(args, "--deals", 100_000);
        var rounds = AnalyticsRun.Int(args, "--rounds", 7);
        // --keep FILE: the database stays afterwards, and a later run on the same file skips the seeding.
        var kept = AnalyticsRun.Option(args, "--keep");
        var file = kept ?? Path.Combine(Path.GetTempPath(), $"fs_analytics_{Guid.NewGuid():N}.db");
        var fresh = !File.Exists(file);
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {AnalyticsRun.Load()}");
        try
        {
            var rollups = !args.Contains("--no-rollups");
            await using var services = AnalyticsRun.Services("sqlite", $"Data Source={file}", rollups);
            var (runtime, shape) = await AnalyticsRun.PublishAsync(services, fresh);
            var end = DateTime.UtcNow.Date;
            if (fresh)
            {
                var clock = Stopwatch.StartNew();
                var moves = await SqliteSeed.WriteAsync(services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(),
                    new DealHistory(shape, end), shape, deals, runtime.VersionId);
                Console.WriteLine($"seeded {deals:N0} deals, {moves:N0} stage history rows (one transaction, prepared inserts) + ANALYZE in " +
                                  $"{clock.Elapsed.TotalSeconds:N1} s; {new FileInfo(file).Length / 1048576.0:N0} MB; load average {AnalyticsRun.Load()}");
            }
            if (rollups) await AnalyticsRun.BuildRollupsAsync(services, runtime);
            var user = AnalyticsRun.Analyst(runtime.Current);
            foreach (var owner in new[] { "owner7", null })
            {
                var request = new AnalyticsRequest(shape.Object, end.AddDays(-365), end) { Owner = owner };
                async Task DashboardAsync()
                {
                    await AnalyticsRun.KpisAsync(services, user, request);
                    await AnalyticsRun.FunnelAsync(services, user, request);
                }
                await DashboardAsync();
                var times = new List<double>();
                for (var i = 0; i < rounds; i++) times.Add(await Rounds.TimeAsync(DashboardAsync));
                var kpis = (await AnalyticsRun.KpisAsync(services, user, request)).Sets[0].Current;
                Console.WriteLine($"dashboard ({(owner is null ? "all owners" : "owner " + owner)}; created {kpis.Created:N0}, won {kpis.Won:N0}): " +
                                  $"{string.Join(", ", times.Select(t => $"{t:N0}"))} ms; median {Rounds.Median(times):N0} ms; load average {AnalyticsRun.Load()}");
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (kept is null)
                foreach (var path in new[] { file, file + "-wal", file + "-shm" }) File.Delete(path);
        }
    }
}
