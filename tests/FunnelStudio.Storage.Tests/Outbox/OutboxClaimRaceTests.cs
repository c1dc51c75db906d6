using System.Collections.Concurrent;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteOutboxClaimRaceTests(SqliteDatabase database) : OutboxClaimRaceTests<SqliteDatabase>(database);

public sealed class PostgresOutboxClaimRaceTests(PostgresDatabase database) : OutboxClaimRaceTests<PostgresDatabase>(database);

/// <summary>
/// Several claimers (stores of their own, as on several portal instances) claiming one outbox at
/// once: every message is handed out exactly once — on PostgreSQL by <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public abstract class OutboxClaimRaceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    public Task InitializeAsync() => OutboxKit.ClearAsync(database);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Claim_OnConcurrentClaimers_NeverGivesOneMessageTwice()
    {
        const int Messages = 600;
        var clock = new ManualClock();
        var setup = OutboxKit.Store(database, clock);
        foreach (var chunk in Enumerable.Range(0, Messages).Chunk(100))
            await setup.EnqueueAsync(chunk.Select(i => OutboxKit.Message("test.race", $"{{\"n\":{i}}}")).ToList(), CancellationToken.None);
        var claims = new ConcurrentBag<(int Claimer, long Id)>();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Four claimers, started together, small batches, until nothing is due: many rounds of contention.
        var claimers = Enumerable.Range(0, 4).Select(claimer => Task.Run(async () =>
        {
            var store = OutboxKit.Store(database, clock);
            await start.Task;
            while (await store.ClaimAsync(7, TimeSpan.FromMinutes(10), CancellationToken.None) is { Count: > 0 } batch)
                foreach (var item in batch) claims.Add((claimer, item.Id));
        })).ToList();
        start.SetResult();
        await Task.WhenAll(claimers);

        var ids = claims.Select(c => c.Id).ToList();
        Assert.Equal(Messages, ids.Count);
        Assert.Equal(Messages, ids.Distinct().Count());
        // On PostgreSQL they really ran side by side (SQLite's one writer lets whoever holds the lock go on).
        if (database.Provider == FunnelStudio.Storage.Sql.StorageProvider.Postgres)
            Assert.True(claims.Select(c => c.Claimer).Distinct().Count() > 1, "only one claimer got messages");
        Assert.All(await setup.ListAsync(OutboxStatus.Pending, null, 500, CancellationToken.None), i => Assert.Equal(1, i.Attempts));
    }

    [Fact]
    public async Task Dispatch_OnTwoInstances_DeliversEveryMessageExactlyOnce()
    {
        const int Messages = 300;
        var clock = new ManualClock();
        var setup = OutboxKit.Store(database, clock);
        await setup.EnqueueAsync(Enumerable.Range(0, Messages).Select(i => OutboxKit.Message("test.count", $"{{\"n\":{i}}}")).ToList(),
            CancellationToken.None);
        var deliveries = new ConcurrentDictionary<long, int>();
        var options = new OutboxOptions { BatchSize = 10 };

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var handler = new TestHandler("test.count", async (item, _) =>
            {
                deliveries.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
                await Task.Yield();
            });
            var dispatcher = OutboxKit.Dispatcher(OutboxKit.Store(database, clock), clock, options, handler);
            while ((await dispatcher.DispatchAsync(CancellationToken.None)).Claimed > 0)
            {
            }
        })));

        Assert.Equal(Messages, deliveries.Count);
        Assert.All(deliveries.Values, n => Assert.Equal(1, n));
        Assert.Equal(Messages, (await setup.ListAsync(OutboxStatus.Done, null, 500, CancellationToken.None)).Count);
    }
}
