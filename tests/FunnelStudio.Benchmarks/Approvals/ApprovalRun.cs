using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Approvals;
using FunnelStudio.Benchmarks.Load;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FunnelStudio.Benchmarks.Approvals;

/// <summary>
/// <c>--approvals [--approvers 32] [--per-approver 40] [--rates 50,100,200] [--seconds 10] [--connection ADMIN] [--pg-pid PID]</c>: on PostgreSQL, with
/// <c>sample-configs/b2b-saas</c> published and one rep + one manager per approver (an in-memory user directory), each
/// approver approves the discount requests (the one-step case: discount 30 %, the manager's step only) of their own
/// rep's deals, all approvers at once; against the same approvers each updating a deal of their own through
/// <see cref="IRecordService"/> (a plain record update), and the raw INSERT baseline of the portal load, in one run.
/// Prints latency (p50/p99) and CPU per operation of this process and of PostgreSQL.
/// <para>
/// First flat out (closed loop: every approver decides again as soon as answered, so latency is 32 ÷ throughput, the
/// queue of a saturated machine), then at each offered rate of <c>--rates</c> for <c>--seconds</c>: the same 32
/// approvers, each deciding at an even 1/32 of the rate, latency counted from when a decision was due (open loop).
/// </para>
/// </summary>
internal static class ApprovalRun
{
    public const string Switch = "--approvals";

    public static async Task<int> RunAsync(string[] args)
    {
        var approvers = Int(args, "--approvers", 32);
        var perApprover = Int(args, "--per-approver", 40);
        var seconds = Int(args, "--seconds", 10);
        var rates = (Option(args, "--rates") ?? "50,100,200").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        // Decisions per approver at each rate; every decision needs a request of its own.
        int AtRate(double rate) => (int)Math.Ceiling(rate / approvers * seconds);
        var requestsEach = 5 + perApprover + rates.Sum(AtRate);
        var pgPid = Option(args, "--pg-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;
        var admin = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FUNNELSTUDIO_TEST_PG")
            ?? throw new InvalidOperationException("Give --connection or set FUNNELSTUDIO_TEST_PG.");
        var name = "fs_approvals_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var cpu = new CpuMeter(null, pgPid);
        await Outbox.OutboxRun.Sql(admin, $"CREATE DATABASE \"{name}\"");
        var directory = Directory(approvers);
        await using var services = Services(connection, directory);
        try
        {
            await services.MigrateFunnelStudioAsync();
            var published = await services.GetRequiredService<IPackageRuntime>().PublishAsync(
                PackageSources.Folder(RepoPaths.SamplePackage), "benchmark", CancellationToken.None);
            if (!published.Succeeded) throw new InvalidOperationException(string.Join("\n", published.Errors));
            var users = await directory.AllAsync(CancellationToken.None);
            ActingUser Acting(string id) => PartyResolver.ToActingUser(users.Single(u => u.Id == id), users);

            // Every approver's deals: one in approval per decision (warm-up included), one more to update plainly.
            var clock = Stopwatch.StartNew();
            var plainDeals = new Guid[approvers];
            await Task.WhenAll(Enumerable.Range(0, approvers).Select(i => Task.Run(async () =>
            {
                var rep = Acting($"rep{i}");
                for (var n = 0; n < requestsEach; n++) await OpportunityAsync(services, rep, discount: 30);
                plainDeals[i] = (await OpportunityAsync(services, rep, discount: 10)).Id;
            })));
            Console.WriteLine($"prepared {approvers * (requestsEach + 1):N0} deals ({approvers * requestsEach:N0} awaiting approval) in {clock.Elapsed.TotalSeconds:N1} s");

            var toDecide = new List<Guid>[approvers];
            for (var i = 0; i < approvers; i++)
            {
                await using var scope = services.CreateAsyncScope();
                toDecide[i] = (await scope.ServiceProvider.GetRequiredService<IApprovalService>()
                    .ListAsync(Acting($"manager{i}"), ApprovalListKind.ToDecide, CancellationToken.None)).Select(a => a.Id).ToList();
                if (toDecide[i].Count != requestsEach) throw new InvalidOperationException($"manager{i} has {toDecide[i].Count} requests to decide");
            }

            // Each approver takes their requests in order; only that approver's worker moves its cursor.
            var decided = new int[approvers];
            Task<bool> Approve(int i) => DecideAsync(services, Acting($"manager{i}"), toDecide[i][decided[i]++]);
            var updates = 0;
            Task<bool> Update(int i) => UpdateAsync(services, Acting($"rep{i}"), plainDeals[i], Interlocked.Increment(ref updates));
            const string updateLabel = "plain record update (IRecordService, one field)", approveLabel = "approve, one-step flow (IApprovalService.DecideAsync)";

            var rows = new List<LoadSummary>();
            // Warm-up of both paths (JIT, plans), unrecorded.
            await EachAsync(approvers, 5, cpu, "warm-up", Update);
            await EachAsync(approvers, 5, cpu, "warm-up", Approve);
            rows.Add(await EachAsync(approvers, perApprover, cpu, updateLabel, Update));
            rows.Add(await EachAsync(approvers, perApprover, cpu, approveLabel, Approve));
            rows.Add(await RawInsert.RunAsync(connection, "rep0", DateTime.UtcNow.Date, approvers, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), cpu));
            foreach (var rate in rates)
            {
                rows.Add(await EachAsync(approvers, AtRate(rate), cpu, updateLabel, Update, rate));
                rows.Add(await EachAsync(approvers, AtRate(rate), cpu, approveLabel, Approve, rate));
                rows.Add(await RawInsert.RunAsync(connection, "rep0", DateTime.UtcNow.Date, approvers, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(2), cpu, rate));
            }

            Console.WriteLine();
            Console.WriteLine(LoadSummary.Header.Replace("CPU/req: portal | PostgreSQL | load client", "– | CPU/op: PostgreSQL | this process (engine)"));
            foreach (var row in rows) Console.WriteLine(row);
            double Total(LoadSummary s) => (s.PostgresCpuMs ?? 0) + (s.ClientCpuMs ?? 0);
            for (var r = 0; r < rows.Count; r += 3)
            {
                var (plain, approve, raw) = (rows[r], rows[r + 1], rows[r + 2]);
                Console.WriteLine($"{(approve.OfferedRate is { } offered ? $"{offered:N0}/s offered" : "flat out")}: approve ÷ plain update, " +
                    $"CPU per operation (process + PostgreSQL): {Total(approve) / Total(plain):0.00} ({Total(approve):0.000} ÷ {Total(plain):0.000} ms); " +
                    $"p99 approve {approve.P99Ms:0.0} ms, plain update {plain.P99Ms:0.0} ms, raw INSERT {raw.P99Ms:0.0} ms");
            }
            return 0;
        }
        finally
        {
            await services.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await Outbox.OutboxRun.Sql(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>
    /// Each of <paramref name="workers"/> runs <paramref name="count"/> operations one after another, all workers at once.
    /// With <paramref name="rate"/> (per second, all workers together) worker i's operation n is due at
    /// start + (n + i ÷ workers) × workers ÷ rate, and its latency counts from then, so falling behind shows.
    /// </summary>
    private static async Task<LoadSummary> EachAsync(int workers, int count, CpuMeter cpu, string label, Func<int, Task<bool>> operation,
        double? rate = null)
    {
        var recorder = new LatencyRecorder();
        var before = cpu.Sample();
        var wall = Stopwatch.StartNew();
        var phaseStart = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
        {
            for (var n = 0; n < count; n++)
            {
                var start = Stopwatch.GetTimestamp();
                if (rate is { } perSecond)
                {
                    var due = phaseStart + (long)((n + (double)i / workers) * workers / perSecond * Stopwatch.Frequency);
                    if (Stopwatch.GetElapsedTime(start, due) is var wait && wait > TimeSpan.Zero) await Task.Delay(wait);
                    start = due;
                }
                bool ok;
                try
                {
                    ok = await operation(i);
                }
                catch (Exception)
                {
                    ok = false;
                }
                recorder.Record(start, ok);
            }
        })));
        wall.Stop();
        var summary = recorder.Summarize(label, wall.Elapsed, cpu.Sample() - before);
        return rate is { } offered ? summary with { OfferedRate = offered } : summary;
    }

    private static async Task<bool> UpdateAsync(IServiceProvider services, ActingUser rep, Guid deal, int n)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IRecordService>().SaveAsync(new SaveCommand("deal", SaveOperation.Update, rep)
        {
            RecordId = deal, JsonValues = JsonSerializer.SerializeToElement(new { decision_maker = $"Ms Li {n}" }),
        }, CancellationToken.None);
        return result.Succeeded;
    }

    private static async Task<bool> DecideAsync(IServiceProvider services, ActingUser manager, Guid request)
    {
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<IApprovalService>()
            .DecideAsync(request, manager, ApprovalDecision.Approve, null, CancellationToken.None);
        return outcome.Status == ApprovalOutcomeStatus.Done;
    }

    /// <summary>A deal in opportunity (every earlier exit criterion met) with the discount; over 20 % starts an approval.</summary>
    private static async Task<StoredRecord> OpportunityAsync(IServiceProvider services, ActingUser rep, decimal discount)
    {
        async Task<StoredRecord> SaveAsync(SaveCommand command)
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IRecordService>().SaveAsync(command, CancellationToken.None);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
            return result.Record!;
        }
        var deal = await SaveAsync(new SaveCommand("deal", SaveOperation.Create, rep)
        {
            JsonValues = JsonSerializer.SerializeToElement(new
            {
                name = "Deal " + Guid.NewGuid().ToString("N")[..8], amount = 120000, source = "referral", icp_fit = true,
                first_contact_at = DateTime.UtcNow.AddDays(-3).ToString("O"), need_confirmed = true, willing_to_talk = true,
                budget_confirmed = true, decision_maker = "Ms Li", timeline = "this quarter", close_date = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
                demo_scheduled_at = DateTime.UtcNow.AddDays(-1).ToString("O"),
            }),
        });
        var moved = await SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, rep)
        {
            RecordId = deal.Id, JsonValues = JsonSerializer.SerializeToElement(new { }), ToStage = "opportunity",
        });
        return await SaveAsync(new SaveCommand("deal", SaveOperation.Update, rep)
        {
            RecordId = moved.Id, JsonValues = JsonSerializer.SerializeToElement(new { discount, demo_done = true, decision_maker_feedback = "positive" }),
        });
    }

    /// <summary>One rep and one manager (the rep's) per approver.</summary>
    private static StaticDirectory Directory(int approvers) => new(Enumerable.Range(0, approvers).SelectMany(i => new[]
    {
        new DirectoryUser($"manager{i}", $"Manager {i}", $"manager{i}@example.com", true, null, ["manager"]),
        new DirectoryUser($"rep{i}", $"Rep {i}", $"rep{i}@example.com", true, $"manager{i}", ["rep"]),
    }).ToList());

    private static ServiceProvider Services(string connectionString, StaticDirectory directory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = "postgres",
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(configuration).AddFunnelStudioEngine();
        services.AddSingleton<IUserDirectory>(directory); // the last registration wins over storage's
        return services.BuildServiceProvider();
    }

    private static int Int(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private sealed class StaticDirectory(IReadOnlyList<DirectoryUser> users) : IUserDirectory
    {
        public ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken) => ValueTask.FromResult(users);

        public ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) =>
            ValueTask.FromResult(users.FirstOrDefault(u => u.Id == id));

        public void Invalidate()
        {
        }
    }
}
