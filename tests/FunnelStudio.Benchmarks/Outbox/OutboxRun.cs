using System.Diagnostics;
using System.Globalization;
using FunnelStudio.Benchmarks.Load;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Scripting.Hooks;
using FunnelStudio.Storage;
using FunnelStudio.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FunnelStudio.Benchmarks.Outbox;

/// <summary>
/// <c>--outbox [--messages 20000] [--batch-size N] [--prefetch N] [--rounds 2] [--layers] [--connection ADMIN] [--pg-pid PID]</c>: webhook
/// delivery through the real outbox on PostgreSQL (default <c>FUNNELSTUDIO_TEST_PG</c>) to a local HTTP sink
/// (<see cref="CountingSink"/>), against a bare HttpClient loop posting the same bodies to the same sink with the
/// same concurrency, in one run. Each delivery round enqueues the messages into an emptied outbox, then runs the
/// dispatcher loop the portal runs (<see cref="DeliveryInstance"/>) on one instance and on two instances (two
/// service providers on one database, as two portals) until every message is marked delivered.
/// </summary>
internal static class OutboxRun
{
    public const string Switch = "--outbox";

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Int(args, "--messages", 20_000);
        var batchSize = Int(args, "--batch-size", new OutboxOptions().BatchSize);
        var prefetch = Int(args, "--prefetch", new OutboxOptions().Prefetch);
        var rounds = Int(args, "--rounds", 2);
        var layers = args.Contains("--layers");
        var pgPid = Option(args, "--pg-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;
        var admin = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FUNNELSTUDIO_TEST_PG")
            ?? throw new InvalidOperationException("Give --connection or set FUNNELSTUDIO_TEST_PG.");
        var name = "fs_outbox_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var cpu = new CpuMeter(null, pgPid);
        await Sql(admin, $"CREATE DATABASE \"{name}\"");
        var instances = new List<DeliveryInstance>();
        try
        {
            await using var sink = await CountingSink.StartAsync();
            for (var i = 0; i < 2; i++) instances.Add(DeliveryInstance.Create(connection, i, batchSize, prefetch));
            await instances[0].Services.MigrateFunnelStudioAsync();
            var payloads = Payloads(sink.Url, messages);
            Console.WriteLine($"outbox delivery to {sink.Url}: {messages:N0} messages, batch size {batchSize}, prefetch {prefetch}, {Environment.ProcessorCount} cores");

            // Warm-up: JIT (tiered compilation still works for seconds after the first calls), connection pools,
            // PostgreSQL's caches, the sink.
            var warmup = payloads[..Math.Min(10_000, messages)];
            await DeliverAsync(instances[..1], warmup, connection, sink, cpu);
            await DeliverAsync(instances, warmup, connection, sink, cpu);
            await BareLoop.RunAsync(sink, warmup, batchSize, cpu);

            var rows = new List<string>();
            var ratios = new List<string>();
            for (var round = 1; round <= rounds; round++)
            {
                // Each delivery between two runs of its baseline: this machine's speed drifts within seconds (other tenants),
                // and a baseline taken on one side only made the ratio swing with it.
                var bareBefore = await BareLoop.RunAsync(sink, payloads, batchSize, cpu);
                var one = await DeliverAsync(instances[..1], payloads, connection, sink, cpu);
                var bareAfter = await BareLoop.RunAsync(sink, payloads, batchSize, cpu);
                var bare2Before = await BareLoop.RunAsync(sink, payloads, batchSize * 2, cpu);
                var two = await DeliverAsync(instances, payloads, connection, sink, cpu);
                var bare2After = await BareLoop.RunAsync(sink, payloads, batchSize * 2, cpu);
                rows.Add(Row(round, "bare HttpClient loop (baseline), before", batchSize, bareBefore));
                rows.Add(Row(round, "outbox, 1 instance", batchSize, one));
                rows.Add(Row(round, "bare HttpClient loop (baseline), after", batchSize, bareAfter));
                rows.Add(Row(round, "bare HttpClient loop (baseline), before", batchSize * 2, bare2Before));
                rows.Add(Row(round, "outbox, 2 instances, one database", batchSize * 2, two));
                rows.Add(Row(round, "bare HttpClient loop (baseline), after", batchSize * 2, bare2After));
                ratios.Add($"| {round} | {Ratio(one, bareBefore, bareAfter)} | {Ratio(two, bare2Before, bare2After)} |");
                if (layers)
                {
                    rows.Add(Row(round, "layer: the webhook HttpClient (resilience pipeline), bare loop", batchSize, await BareLoop.RunAsync(sink, payloads, batchSize, cpu,
                        instances[0].Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttp.ClientName))));
                    rows.Add(Row(round, "layer: webhook handler alone, no database", batchSize,
                        await DeliveryLayers.HandlerAsync(instances[0], sink, payloads, batchSize, cpu)));
                    rows.Add(Row(round, "layer: dispatcher (scope, handler, timeouts), no database", batchSize,
                        await DeliveryLayers.DispatcherAsync(instances[0], sink, payloads, batchSize, cpu)));
                }
                Console.WriteLine($"round {round} done");
            }
            Console.WriteLine();
            Console.WriteLine(Result.Header);
            foreach (var row in rows) Console.WriteLine(row);
            Console.WriteLine();
            Console.WriteLine("| round | 1 instance ÷ bare loop (mean of before and after) | 2 instances ÷ bare loop at 40 (the same) |");
            Console.WriteLine("|---:|---:|---:|");
            foreach (var ratio in ratios) Console.WriteLine(ratio);
            return 0;
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await Sql(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>Empties the outbox, enqueues the messages, then runs the instances' delivery until all are delivered.</summary>
    private static async Task<Result> DeliverAsync(List<DeliveryInstance> instances, OutboxMessage[] payloads, string connection,
        CountingSink sink, CpuMeter cpu)
    {
        await Sql(connection, "TRUNCATE outbox");
        var store = instances[0].Services.GetRequiredService<IOutboxStore>();
        foreach (var chunk in payloads.Chunk(500)) await store.EnqueueAsync(chunk, CancellationToken.None);
        await Sql(connection, "ANALYZE outbox"); // what autovacuum does to a table that grew
        sink.Reset();
        var commits = await CommitsAsync(connection);
        var before = cpu.Sample();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var clock = Stopwatch.StartNew();
        var tally = new DeliveryTally(payloads.Length);
        await Task.WhenAll(instances.Select(i => i.DeliverAsync(tally)));
        clock.Stop();
        var used = cpu.Sample() - before;
        workItems = ThreadPool.CompletedWorkItemCount - workItems;
        var done = (long)(await Scalar(connection, "SELECT count(*) FROM outbox WHERE status = 'done'") ?? 0L);
        var failed = (long)(await Scalar(connection, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL") ?? 0L);
        await Task.Delay(1100); // PostgreSQL publishes a backend's statistics about once a second
        return new Result(payloads.Length, clock.Elapsed, used, sink.Posts, sink.Repeats, done, failed)
        {
            Transactions = await CommitsAsync(connection) - commits,
            WorkItems = workItems,
        };
    }

    /// <summary>Transactions committed in the database so far (claims, markings, and this query's own).</summary>
    private static async Task<long> CommitsAsync(string connection) =>
        (long)(await Scalar(connection, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()") ?? 0L);

    private static OutboxMessage[] Payloads(string url, int count) =>
        Enumerable.Range(1, count).Select(n => WebhookMessages.Create(new Uri(url),
            $$"""{"event":"stage_changed","object":"deal","record":"{{Guid.NewGuid()}}","name":"Deal {{n}}","from":"sql","to":"opportunity","amount":{{1000 + n}},"owner":"rep@example.com","at":"2026-12-01T10:00:00Z"}""",
            "bench-secret", null)).ToArray();

    private static string Ratio(Result delivery, Result before, Result after) =>
        $"{delivery.PerSecond / ((before.PerSecond + after.PerSecond) / 2):P0}";

    private static string Row(int round, string what, int concurrency, Result result) =>
        $"| {round} | {what} | {concurrency} | {result.Messages:N0} | {result.Wall.TotalSeconds:N2} s | **{result.PerSecond:N0}/s** | " +
        $"{CpuMeter.Milliseconds(result.Cpu.Client) / result.Messages:N3} ms | " +
        $"{(result.Cpu.Postgres > 0 ? $"{CpuMeter.Milliseconds(result.Cpu.Postgres) / result.Messages:N3} ms" : "–")} | " +
        $"{result.Posts:N0} / {result.Repeats:N0} | {(result.Done < 0 ? "–" : result.Done.ToString("N0", CultureInfo.InvariantCulture))} | {result.Failed:N0} | {(result.Transactions is { } t ? $"{t:N0}" : "–")} | {(double)result.WorkItems / result.Messages:N1} |";

    internal static async Task Sql(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
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
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>One delivery scenario: wall time to the last message, CPU of this process (dispatcher, sink) and of PostgreSQL.</summary>
internal sealed record Result(int Messages, TimeSpan Wall, CpuSample Cpu, long Posts, long Repeats, long Done, long Failed)
{
    public double PerSecond => Messages / Wall.TotalSeconds;

    /// <summary>Transactions committed in the database during the delivery (claims and markings); null for the bare loop.</summary>
    public long? Transactions { get; init; }

    /// <summary>Thread-pool work items run meanwhile, in the whole process (the sink's included): hand-overs between threads.</summary>
    public long WorkItems { get; init; }

    public const string Header =
        "| round | delivery | concurrency | messages | wall | posts/s | CPU/msg: this process (incl. sink) | PostgreSQL | posts / repeats at the sink | marked done | failed attempts | database transactions | thread-pool work items/msg |\n" +
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|";
}

/// <summary>Counts delivered messages across instances and stops them all when the last one is in.</summary>
internal sealed class DeliveryTally(int expected) : IDisposable
{
    private readonly CancellationTokenSource _done = new();
    private long _delivered;
    public CancellationToken Done => _done.Token;

    public void Add(long delivered)
    {
        if (Interlocked.Add(ref _delivered, delivered) >= expected && !_done.IsCancellationRequested) _done.Cancel();
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public void Dispose() => _done.Dispose();
}

/// <summary>
/// One "portal instance": its own service provider (storage, engine, the webhook handler with its own HttpClient,
/// the dispatcher) running the <see cref="OutboxPump"/>, as the portal's <c>OutboxDelivery</c> does.
/// </summary>
internal sealed class DeliveryInstance(ServiceProvider services) : IAsyncDisposable
{
    public ServiceProvider Services => services;

    public static DeliveryInstance Create(string connection, int index, int batchSize, int prefetch)
    {
        // Its own Npgsql pool, as another process would have.
        var own = new NpgsqlConnectionStringBuilder(connection) { ApplicationName = $"outbox-bench-{index}" }.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = "postgres",
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = own,
        }).Build();
        var services = new ServiceCollection().AddLogging()
            .AddSingleton(new WebhookOptions { AllowPrivateNetworks = true }) // the sink is on loopback
            .AddFunnelStudioStorage(configuration).AddFunnelStudioEngine().AddFunnelStudioOutbox();
        services.Configure<OutboxOptions>(o =>
        {
            o.BatchSize = batchSize;
            o.Prefetch = prefetch;
            // A lease the options' validator accepts for these sizes (the default covers the default sizes only).
            if (o.Lease < OutboxOptionsValidator.LeaseAtLeast(o)) o.Lease = OutboxOptionsValidator.LeaseAtLeast(o);
        });
        return new DeliveryInstance(services.BuildServiceProvider());
    }

    /// <summary>Runs the instance's <see cref="OutboxPump"/> until every message of the round is delivered (all instances together).</summary>
    public async Task DeliverAsync(DeliveryTally tally)
    {
        var pump = services.GetRequiredService<OutboxPump>();
        var start = pump.Delivered;
        using var stop = new CancellationTokenSource();
        var running = pump.RunAsync(stop.Token);
        var counted = 0L;
        while (!tally.Done.IsCancellationRequested)
        {
            if (running.IsCompleted)
            {
                await running; // a pump that stopped (its options refused at start) ends the run rather than hang it
                throw new InvalidOperationException("The outbox pump stopped before every message was delivered.");
            }
            try
            {
                await Task.Delay(2, tally.Done);
            }
            catch (OperationCanceledException)
            {
            }
            var now = pump.Delivered - start;
            tally.Add(now - counted);
            counted = now;
        }
        await stop.CancelAsync();
        await running;
        tally.Add(pump.Delivered - start - counted);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
