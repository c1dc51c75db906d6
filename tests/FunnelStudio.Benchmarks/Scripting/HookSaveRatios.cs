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
/// <c>--hook-saves [--creates 5000] [--clients 16] [--rounds 3] [--connection ADMIN]</c>: end-to-end creates through the
/// whole save pipeline into PostgreSQL (default <c>FUNNELSTUDIO_TEST_PG</c>), on two databases — the benchmark
/// package without and with the 20-line beforeSave hook — in alternating rounds, so the machine's noise hits both
/// alike (and which goes first alternates). Each database gets 3,000 creates first to warm up. Prints creates/s of each round and the ratio with/without (target ≥ 0.80).
/// </summary>
internal static class HookSaveRatios
{
    public const string Switch = "--hook-saves";

    public static async Task<int> RunAsync(string[] args)
    {
        var creates = Int(args, "--creates", 5000);
        var clients = Int(args, "--clients", 16);
        var rounds = Int(args, "--rounds", 3);
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
                await CreatesAsync(services, 3000, clients); // warm-up: tiered JIT, pools, the hook's engines, PostgreSQL's caches
            }
            var ratios = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                // Which goes first alternates too, so a trend over the run (JIT tiers, caches) favours neither.
                double without, with;
                if (round % 2 == 1)
                {
                    without = await CreatesAsync(providers[0], creates, clients);
                    with = await CreatesAsync(providers[1], creates, clients);
                }
                else
                {
                    with = await CreatesAsync(providers[1], creates, clients);
                    without = await CreatesAsync(providers[0], creates, clients);
                }
                ratios.Add(with / without);
                Console.WriteLine($"round {round}: without hook {without:N0} creates/s, with hook {with:N0} creates/s, ratio {with / without:0.00}");
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

    private static async Task<double> CreatesAsync(ServiceProvider services, int count, int clients)
    {
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
        return count / clock.Elapsed.TotalSeconds;
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
