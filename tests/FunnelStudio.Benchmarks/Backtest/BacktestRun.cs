using System.Diagnostics;
using System.Text.Json.Nodes;
using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.Storage.Backtest;
using FunnelStudio.Versions.Backtest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FunnelStudio.Benchmarks.Backtest;

/// <summary>
/// <c>--backtest [--deals 100000] [--runs 3] [--connection ADMIN] [--keep]</c>: creates a database on
/// the PostgreSQL of <c>--connection</c> (default: <c>FUNNELSTUDIO_TEST_PG</c>), publishes the sample
/// package, writes a generated history (<see cref="BacktestHistory"/>), then runs the backtest
/// service <c>--runs</c> times — the sample as active, the sample plus one more lead exit criterion
/// (<c>amount &gt;= 2000</c>) as the draft — and prints moves/s for each run, and the time of reading
/// alone (the source enumerated without replay) so the database's share is visible. The database is
/// dropped at the end unless <c>--keep</c>.
/// </summary>
internal static class BacktestRun
{
    public const string Switch = "--backtest";

    public static async Task<int> RunAsync(string[] args)
    {
        var deals = int.Parse(Option(args, "--deals") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var admin = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FUNNELSTUDIO_TEST_PG")
            ?? throw new InvalidOperationException("Give --connection or set FUNNELSTUDIO_TEST_PG.");
        var name = "fs_backtest_" + Guid.NewGuid().ToString("N")[..12];
        await Admin(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        try
        {
            await using var services = Services(connectionString);
            await services.MigrateFunnelStudioAsync();
            var runtime = services.GetRequiredService<IPackageRuntime>();
            var published = await runtime.PublishAsync(PackageSources.Folder(RepoPaths.SamplePackage), "benchmark", CancellationToken.None);
            if (!published.Succeeded) throw new InvalidOperationException(string.Join("\n", published.Errors));

            var clock = Stopwatch.StartNew();
            await BacktestHistory.WriteAsync(connectionString, deals, runtime.VersionId);
            Console.WriteLine($"generated {deals:N0} deals with their history in {clock.Elapsed.TotalSeconds:0.0} s");

            var draft = StricterDraft();
            var service = services.GetRequiredService<IBacktestService>();
            var source = services.GetRequiredService<IBacktestSource>();
            for (var run = 1; run <= runs; run++)
            {
                var report = await service.RunAsync(runtime.Current, draft, null, CancellationToken.None);
                var reading = Stopwatch.StartNew();
                var records = new List<HistoricalRecord>();
                await foreach (var record in source.ReadAsync(runtime.Current.Objects.Values.Where(o => o.Pipeline is not null)
                                   .Select(o => o.Definition).ToList(), CancellationToken.None)) records.Add(record);
                reading.Stop();
                long read = records.Sum(r => r.Moves.Count);
                var replaying = Stopwatch.StartNew();
                var replay = new BacktestReplay(runtime.Current, draft, []);
                foreach (var record in records) replay.Add(record);
                Console.WriteLine($"  replay alone (records in memory): {read / replaying.Elapsed.TotalSeconds:N0} moves/s");
                Console.WriteLine($"run {run}: {report.Moves:N0} moves of {report.Records:N0} records in {report.Elapsed.TotalSeconds:0.00} s = " +
                                  $"{report.MovesPerSecond:N0} moves/s; draft blocks {report.Draft.Blocked:N0}, active {report.Active.Blocked:N0}; " +
                                  $"reading alone {read:N0} moves in {reading.Elapsed.TotalSeconds:0.00} s = {read / reading.Elapsed.TotalSeconds:N0} moves/s");
            }
            return 0;
        }
        finally
        {
            if (!args.Contains("--keep"))
            {
                NpgsqlConnection.ClearAllPools();
                await Admin(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
            else Console.WriteLine($"kept database {name}");
        }
    }

    /// <summary>The sample package with one more exit criterion on lead (the benchmark's draft).</summary>
    private static CompiledPackage StricterDraft()
    {
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepoPaths.SamplePackage));
        var deal = JsonNode.Parse(files["objects/deal.json"])!.AsObject();
        var lead = deal["pipeline"]!["stages"]!.AsArray().Single(s => (string?)s!["name"] == "lead")!;
        lead["exitCriteria"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "min_amount", ["expression"] = "Fn.Coalesce(record.amount, 0) >= 2000", ["message"] = "An amount of at least 2,000.",
        });
        var edited = new Dictionary<string, string>(files) { ["objects/deal.json"] = deal.ToJsonString() };
        var load = PackageLoader.Load(new MemoryPackageSource(edited, "stricter draft"));
        return load.Package ?? throw new InvalidOperationException(string.Join("\n", load.Errors));
    }

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = "postgres",
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = connectionString,
        }).Build();
        return new ServiceCollection().AddLogging().AddFunnelStudioStorage(configuration).AddFunnelStudioEngine()
            .AddFunnelStudioBacktest().BuildServiceProvider();
    }

    private static async Task Admin(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
