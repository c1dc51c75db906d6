using System.Diagnostics;
using System.Text.Json;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FunnelStudio.Benchmarks.Scripting;

/// <summary>
/// <c>--hook-saves [--creates 5000] [--clients 16] [--rounds 3] [--warmup 30000] [--connection ADMIN] [--pg-pid PID]</c>: end-to-end creates through the
/// whole save pipeline into PostgreSQL (default <c>FUNNELSTUDIO_TEST_PG</c>), on two databases — the benchmark
/// package without and with the 20-line beforeSave hook — in alternating rounds, so the machine's noise hits both
/// alike (and which goes first alternates). Each database gets <c>--warmup</c> creates first: the process's CPU per create kept
/// falling for some 40,000 creates (tiered JIT and its profile-guided recompiles of EF Core, Npgsql and Jint), from 0.44 to
/// 0.14 ms, so the 3,000 of earlier runs compared a half-warm process with a less warm one. Prints creates/s of each round and the ratio with/without (target ≥ 0.80),
/// and the CPU milliseconds per create of this process and (with <c>--pg-pid</c>) of PostgreSQL.
/// </summary>
internal static class HookSaveRatios
{
    public const string Switch = "--hook-saves";

    public static async Task<int> RunAsync(string[] args)
    {
        var creates = Int(args, "--creates", 5000);
        var clients = Int(args, "--clients", 16);
        var rounds = Int(args, "--rounds", 3);
        var warmup = Int(args, "--warmup", 30_000);
        var cpu = new Load.CpuMeter(null, Option(args, "--pg-pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null);
        var admin = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FUNNELSTUDIO_TEST_PG")
            ?? throw new InvalidOperationException("Give --connection or set FUNNELSTUDIO_TEST_PG.");
        var names = new[] { "fs_hooks_off_", "fs_hooks_on_" }.Select(p => p + Guid.NewGuid().ToString("N")[..10]).ToArray();
        var providers = new List<ServiceProvider>();
        try
        {
            foreach (var (name, withHook) in names.Zip([false, true]))
            {
                await Admin(admin, $"CREATE DATABASE \"{name}\"");
                var services = Services(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
                providers.Add(services);
                await services.MigrateFunnelStudioAsync();
                var published = await services.GetRequiredService<IPackageRuntime>()
                    .PublishAsync(new MemoryPackageSource(HookPackage.Files(withHook), "benchmark"), "benchmark", CancellationToken.None);
                if (!published.Succeeded) throw new InvalidOperationException(string.Join("\n", published.Errors));
            }
            // Warm-up, alternating between the two in slices so both reach the same tier at the same time:
            // tiered JIT, pools, the hook's engines, PostgreSQL's caches.
            for (var done = 0; done < warmup; done += 5_000)
                foreach (var provider in providers)
                {
                    var warm = await CreatesAsync(provider, Math.Min(5_000, warmup - done), clients, cpu);
                    Console.WriteLine($"  warm-up {(provider == providers[0] ? "without" : "with")} hook: {warm}");
                }
            var ratios = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                // Which goes first alternates too, so a trend over the run (JIT tiers, caches) favours neither.
                Run without, with;
                if (round % 2 == 1)
                {
                    without = await CreatesAsync(providers[0], creates, clients, cpu);
                    with = await CreatesAsync(providers[1], creates, clients, cpu);
                }
                else
                {
                    with = await CreatesAsync(providers[1], creates, clients, cpu);
                    without = await CreatesAsync(providers[0], creates, clients, cpu);
                }
                ratios.Add(with.Rate / without.Rate);
                Console.WriteLine($"round {round}: without hook {without}, with hook {with}, ratio {with.Rate / without.Rate:0.00}");
            }
            foreach (var provider in providers)
                Console.WriteLine(provider.GetRequiredService<FunnelStudio.Tracing.ISaveTraceStore>() +
                    $"; engines built {provider.GetRequiredService<IPackageRuntime>().Current.Scripts.EnginesBuilt}");
            foreach (var name in names)
                Console.WriteLine($"  {name}: {await Scalar(admin, $"SELECT xact_commit FROM pg_stat_database WHERE datname = '{name}'")} transactions committed");
            Console.WriteLine($"median ratio {ratios.Order().ElementAt(ratios.Count / 2):0.00} ({creates:N0} creates per run, {clients} clients)");
            return 0;
        }
        finally
        {
            foreach (var provider in providers) await provider.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            foreach (var name in names) await Admin(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>One run's creates per second and CPU milliseconds per create (this process; PostgreSQL).</summary>
    private readonly record struct Run(double Rate, double ProcessMs, double PostgresMs, double GcPauseMs, int Gen0, int Gen1, int Gen2, double AllocatedKb)
    {
        public override string ToString() =>
            $"{Rate:N0} creates/s (CPU/create {ProcessMs:0.000} ms here + {PostgresMs:0.000} ms PostgreSQL; GC pause/create {GcPauseMs:0.000} ms, " +
            $"collections {Gen0}/{Gen1}/{Gen2}, {AllocatedKb:0.0} KB allocated/create)";
    }

    private static async Task<Run> CreatesAsync(ServiceProvider services, int count, int clients, Load.CpuMeter cpu)
    {
        var before = cpu.Sample();
        var pause = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var user = new ActingUser("bench", "Bench", ["admin"]);
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                await using var scope = services.CreateAsyncScope();
                var records = scope.ServiceProvider.GetRequiredService<IRecordService>();
                var result = await records.SaveAsync(new SaveCommand("deal", SaveOperation.Create, user)
                {
                    JsonValues = JsonSerializer.SerializeToElement(new
                    {
                        name = "Deal " + next, amount = 120000, discount = 10, seats = 50, source = "referral",
                        budget_confirmed = true, decision_maker = "Ms Li",
                    }),
                }, CancellationToken.None);
                if (result.Status != SaveStatus.Saved) throw new InvalidOperationException($"create refused: {result.Status} {string.Join("; ", result.Violations)}");
            }
        })));
        var used = cpu.Sample() - before;
        return new(count / clock.Elapsed.TotalSeconds, Load.CpuMeter.Milliseconds(used.Client) / count, Load.CpuMeter.Milliseconds(used.Postgres) / count,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds / count,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / count);
    }

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = "postgres",
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = connectionString,
        }).Build();
        return new ServiceCollection().AddLogging().AddFunnelStudioStorage(configuration).AddFunnelStudioEngine()
            .AddSingleton<FunnelStudio.Tracing.ISaveTraceStore, StepTimes>().BuildServiceProvider();
    }

    private static async Task Admin(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static int Int(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>Keeps no trace, only the mean time of each kind of step and of the whole save, to see where a save's time goes.</summary>
    private sealed class StepTimes : FunnelStudio.Tracing.ISaveTraceStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Count, double Ms)> _times = new();

        public void Record(FunnelStudio.Tracing.SaveTrace trace)
        {
            Add("save", trace.DurationMs);
            foreach (var step in trace.Steps) Add(step.Kind, step.DurationMs);
        }

        private void Add(string key, double ms) => _times.AddOrUpdate(key, (1, ms), (_, t) => (t.Count + 1, t.Ms + ms));

        public Task<FunnelStudio.Tracing.SaveTrace?> LastAsync(Guid recordId, CancellationToken cancellationToken) => Task.FromResult<FunnelStudio.Tracing.SaveTrace?>(null);

        public Task<IReadOnlyList<FunnelStudio.Tracing.SaveTrace>> ScriptFailuresAsync(int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FunnelStudio.Tracing.SaveTrace>>([]);

        public override string ToString() => "  mean ms per save: " + string.Join(", ", _times.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value.Ms / t.Value.Count:0.000} ({t.Value.Count:N0})"));
    }
}
