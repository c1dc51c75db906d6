using System.Diagnostics;
using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.Storage.Analytics.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// <c>--analytics [--deals 1000000] [--rounds 10] [--users 8] [--seconds 30] [--connection ADMIN] [--keep DB] [--sqlite]</c>:
/// a fresh database with <c>Packages/analytics</c> published and <c>--deals</c> generated deals (<see cref="DealHistory"/>)
/// written with COPY; then, alternating in every round, the dashboard through <see cref="IAnalyticsService"/> (KPIs +
/// period funnel, one year, one owner) against the hand-written SQL (<see cref="HandSql"/>), and the month × stage
/// report through the real runner (<see cref="RunnerReport"/>, <c>IReportService</c>) against its hand-written query —
/// both pairs checked equal first; then
/// <c>--users</c> concurrent users for <c>--seconds</c> on each side. <c>--sqlite</c>: the dashboard on SQLite instead
/// (<see cref="SqliteRun"/>).
/// </summary>
internal static class AnalyticsRun
{
    public const string Switch = "--analytics";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--sqlite")) return await SqliteRun.RunAsync(args);
        var deals = Int(args, "--deals", 1_000_000);
        var rounds = Int(args, "--rounds", 10);
        var users = Int(args, "--users", 8);
        var seconds = Int(args, "--seconds", 30);
        int? pgPid = Option(args, "--pg-pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null;
        var admin = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FUNNELSTUDIO_TEST_PG")
            ?? throw new InvalidOperationException("Give --connection or set FUNNELSTUDIO_TEST_PG.");
        var kept = Option(args, "--keep");
        var name = kept ?? "fs_analytics_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        var fresh = kept is null || !await ExistsAsync(admin, name);
        if (fresh) await Outbox.OutboxRun.Sql(admin, $"CREATE DATABASE \"{name}\"");
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {Load()}");
        var rollups = !args.Contains("--no-rollups");
        await using var services = Services("postgres", connection, rollups);
        try
        {
            var (runtime, shape) = await PublishAsync(services, fresh);
            var end = DateTime.UtcNow.Date;
            if (fresh)
            {
                var clock = Stopwatch.StartNew();
                var (records, moves) = await PostgresSeed.WriteAsync(connection, new DealHistory(shape, end), shape, deals, runtime.VersionId);
                Console.WriteLine($"seeded {records:N0} deals, {moves:N0} stage history rows with COPY + VACUUM (ANALYZE) in {clock.Elapsed.TotalSeconds:N1} s; load average {Load()}");
            }
            if (rollups) await BuildRollupsAsync(services, runtime);
            if (args.Contains("--forecast"))
            {
                await ForecastDayRun.RunAsync(services, runtime, shape.Object, rounds);
                return 0;
            }
            var user = Analyst(runtime.Current);
            var request = new AnalyticsRequest(shape.Object, end.AddDays(-365), end) { Owner = "owner7" };
            var stages = Stages(runtime.Current, shape);
            var hand = new HandSql(services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(), shape, stages);
            var report = new RunnerReport(services, shape, user);
            var period = new Period(request.From, request.To);

            // The same numbers on both sides, or nothing is timed.
            var service = Figures.From(await KpisAsync(services, user, request), await FunnelAsync(services, user, request)).Flatten(stages);
            var direct = (await hand.DashboardAsync("owner7", period, DateTime.UtcNow, CancellationToken.None)).Flatten(stages);
            var differences = Figures.Differences(service, direct);
            if (differences.Count > 0) return Fail("the dashboard", differences);
            Console.WriteLine($"dashboard: {service.Count} numbers equal (e.g. created {service["period.created"]}, won {service["period.won"]}, lost {service["period.lost"]}, cycle median {service["period.cycleMedian"]:0.###} d)");
            var reportRows = await report.RunAsync(period, CancellationToken.None);
            var handRows = await hand.ReportAsync(period, CancellationToken.None);
            if (!reportRows.SequenceEqual(handRows))
                return Fail($"the report ({reportRows.Count} runner rows, {handRows.Count} hand rows)", reportRows.Except(handRows).Select(r => "runner only: " + r).Concat(handRows.Except(reportRows).Select(r => "hand only: " + r)).ToList());
            Console.WriteLine($"report: {reportRows.Count} rows (month × stage) equal");

            // --users-only: the 8 users on the service's side alone (profiling, repeated runs on kept data).
            var usersOnly = args.Contains("--users-only");
            if (!usersOnly) await Rounds.RunAsync("dashboard", rounds,
                ("IAnalyticsService (KpisAsync + FunnelAsync period)", async () => { await KpisAsync(services, user, request); await FunnelAsync(services, user, request); }),
                ("hand-written SQL (one batch)", () => hand.DashboardAsync("owner7", period, DateTime.UtcNow, CancellationToken.None)));
            if (!usersOnly) await Rounds.RunAsync("report month × stage", rounds,
                ("IReportService.RunAsync (the real runner, UTC)", () => report.RunAsync(period, CancellationToken.None)),
                ("hand-written SQL (date_trunc)", () => hand.ReportAsync(period, CancellationToken.None)));

            if (seconds > 0)
            {
                Console.WriteLine($"\n{users} concurrent users, {seconds} s each side (user i filters on owner i); load average {Load()}");
                await Concurrency.RunAsync("dashboard, IAnalyticsService", users, seconds, async i =>
                {
                    var r = request with { Owner = $"owner{i}" };
                    await KpisAsync(services, user, r);
                    await FunnelAsync(services, user, r);
                }, pgPid);
                if (!usersOnly) await Concurrency.RunAsync("dashboard, hand-written SQL", users, seconds,
                    i => hand.DashboardAsync($"owner{i}", period, DateTime.UtcNow, CancellationToken.None), pgPid);
                Console.WriteLine($"load average {Load()}");
            }
            return 0;
        }
        finally
        {
            await services.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            if (kept is null) await Outbox.OutboxRun.Sql(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    public static async Task<(IPackageRuntime Runtime, DealShape Shape)> PublishAsync(ServiceProvider services, bool fresh)
    {
        var runtime = services.GetRequiredService<IPackageRuntime>();
        // A kept database is migrated too, so it follows the code's indexes (the first run after a new
        // migration on 1M deals spends its build time here).
        await services.MigrateFunnelStudioAsync();
        if (fresh)
        {
            var published = await runtime.PublishAsync(PackageSources.Folder(RepoPaths.AnalyticsPackage), "benchmark", CancellationToken.None);
            if (!published.Succeeded) throw new InvalidOperationException(string.Join("\n", published.Errors));
        }
        else if (!await runtime.LoadPublishedAsync(CancellationToken.None))
            throw new InvalidOperationException("The kept database has no published package.");
        return (runtime, DealShape.From(runtime.Current));
    }

    /// <summary>A user holding every role of the package that reads the object (an <c>all</c> read scope in the benchmark package).</summary>
    public static ActingUser Analyst(Rules.CompiledPackage package) =>
        new("bench-analyst", "Benchmark analyst", package.Definition.Roles.Select(r => r.Name).ToList());

    public static IReadOnlyList<ScopeStage> Stages(Rules.CompiledPackage package, DealShape shape) =>
        package.Object(shape.Object)!.Definition.Pipeline!.Stages
            .Select(s => new ScopeStage(s.Name, s.Index, s.Probability, s.Terminal, s.StalledAfterDays ?? new AnalyticsOptions().StalledAfterDays))
            .ToList();

    public static async Task<KpiResult> KpisAsync(IServiceProvider services, ActingUser user, AnalyticsRequest request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAnalyticsService>().KpisAsync(user, request, CancellationToken.None);
    }

    public static async Task<FunnelResult> FunnelAsync(IServiceProvider services, ActingUser user, AnalyticsRequest request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAnalyticsService>().FunnelAsync(user, request, FunnelMode.Period, CancellationToken.None);
    }

    /// <summary>
    /// What the portal's rollup job does at start: builds the per-day rollups (the first time, from the whole history)
    /// and rebuilds marked days. Timed, since on a large existing database this is the first start's background work.
    /// </summary>
    public static async Task BuildRollupsAsync(IServiceProvider services, IPackageRuntime runtime)
    {
        var clock = Stopwatch.StartNew();
        await DayRollupJob.RunOnceAsync(services.GetRequiredService<DayRollupMaintainer>(), runtime, CancellationToken.None);
        await using var db = await services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>().CreateDbContextAsync();
        var rows = await db.Set<DayRollupRow>().LongCountAsync();
        Console.WriteLine($"rollups: {rows:N0} day rows ready in {clock.Elapsed.TotalSeconds:N1} s (built now, or kept from an earlier run); load average {Load()}");
    }

    public static ServiceProvider Services(string provider, string connectionString, bool rollups = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = provider,
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = connectionString,
            // The benchmark times queries that may run long on a busy machine; the default limit would cut them.
            [$"{AnalyticsOptions.Section}:{nameof(AnalyticsOptions.TimeoutSeconds)}"] = "300",
            [$"{DayRollupOptions.Section}:Enabled"] = rollups ? "true" : "false",
        }).Build();
        var services = new ServiceCollection().AddLogging()
            // Before the engine's TryAdd of the default (10 s): a report on a busy machine may take longer.
            .AddSingleton(new Reports.ReportOptions { Timeout = TimeSpan.FromSeconds(300) })
            .AddFunnelStudioStorage(configuration).AddFunnelStudioEngine();
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        return services.BuildServiceProvider();
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Fail(string what, IReadOnlyList<string> differences)
    {
        Console.WriteLine($"{what}: the two sides differ, nothing timed:");
        foreach (var line in differences.Take(40)) Console.WriteLine("  " + line);
        return 1;
    }

    private static async Task<bool> ExistsAsync(string admin, string name)
    {
        await using var source = NpgsqlDataSource.Create(admin);
        await using var command = source.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await command.ExecuteScalarAsync() is not null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
