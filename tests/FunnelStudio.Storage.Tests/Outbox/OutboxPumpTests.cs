using System.Collections.Concurrent;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteOutboxPumpTests(SqliteDatabase database) : OutboxPumpTests<SqliteDatabase>(database);

public sealed class PostgresOutboxPumpTests(PostgresDatabase database) : OutboxPumpTests<PostgresDatabase>(database);

/// <summary>
/// The continuous delivery (<see cref="OutboxPump"/>) through the real store: every message delivered once and
/// marked done, and a receiver that hangs holding one slot while the other messages go on.
/// </summary>
public abstract class OutboxPumpTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    private readonly ManualClock _clock = new();
    private EfOutboxStore Store => OutboxKit.Store(database, _clock);

    private static readonly OutboxOptions Options = new()
    {
        BatchSize = 4, PollInterval = TimeSpan.FromMilliseconds(50), Lease = TimeSpan.FromMinutes(2), HandlerTimeout = TimeSpan.FromSeconds(30),
    };

    public Task InitializeAsync() => OutboxKit.ClearAsync(database);

    public Task DisposeAsync() => Task.CompletedTask;

    private OutboxPump Pump(params IOutboxHandler[] handlers) => Pump(Options, handlers);

    private OutboxPump Pump(OutboxOptions options, params IOutboxHandler[] handlers) => new(OutboxKit.Dispatcher(Store, _clock, options, handlers),
        new PollingOutboxSignal(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(options));

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 20_000; waited += 20) await Task.Delay(20);
    }

    [Fact]
    public async Task Pump_DeliversEveryMessageOnce_AndMarksThemAllDone()
    {
        await Store.EnqueueAsync(Enumerable.Range(0, 30).Select(_ => OutboxKit.Message("test.count")).ToList(), CancellationToken.None);
        var seen = new ConcurrentDictionary<long, int>();
        var pump = Pump(new TestHandler("test.count", (item, _) =>
        {
            seen.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }));
        using var stop = new CancellationTokenSource();

        var running = pump.RunAsync(stop.Token);
        await UntilAsync(() => pump.Delivered >= 30);
        await stop.CancelAsync();
        await running;

        Assert.Equal(30, pump.Delivered);
        Assert.Equal(30, seen.Count);
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        var all = await Store.ListAsync(null, null, 100, CancellationToken.None);
        Assert.Equal(30, all.Count(i => i.Status == OutboxStatus.Done && i.Attempts == 1));
    }

    [Fact]
    public async Task Pump_WithAReceiverThatHangs_DeliversTheOtherMessagesMeanwhile()
    {
        await Store.EnqueueAsync([OutboxKit.Message("test.hang")], CancellationToken.None);
        await Store.EnqueueAsync(Enumerable.Range(0, 12).Select(_ => OutboxKit.Message("test.ok")).ToList(), CancellationToken.None);
        var hangs = new TestHandler("test.hang", (_, token) => Task.Delay(Timeout.Infinite, token));
        var ok = new TestHandler("test.ok", (_, _) => Task.CompletedTask);
        var pump = Pump(hangs, ok);
        using var stop = new CancellationTokenSource();

        var running = pump.RunAsync(stop.Token);
        await UntilAsync(() => pump.Delivered >= 12);
        var meanwhile = await Store.ListAsync(null, null, 100, CancellationToken.None);
        await stop.CancelAsync();
        await running;

        // Batches of 4, the hanging message in the first: the twelve others went through the three slots left,
        // long before its 30 s timeout.
        Assert.Equal(12, pump.Delivered);
        Assert.Single(hangs.Seen);
        Assert.Equal(12, meanwhile.Count(i => i.Kind == "test.ok" && i.Status == OutboxStatus.Done));
        var hanging = Assert.Single(meanwhile, i => i.Kind == "test.hang");
        Assert.Equal(OutboxStatus.Pending, hanging.Status);
        // Stopping left it to its lease: not counted as a failed attempt, claimed again later.
        Assert.Null((await Store.FindAsync(hanging.Id, CancellationToken.None))!.LastError);
    }

    [Fact]
    public async Task Pump_ClaimsAheadOfItsSlots_ButDeliversAtMostBatchSizeAtOnce()
    {
        var options = Options with { BatchSize = 3, Prefetch = 6 };
        await Store.EnqueueAsync(Enumerable.Range(0, 30).Select(_ => OutboxKit.Message("test.slow")).ToList(), CancellationToken.None);
        var running = 0;
        var most = 0;
        var claimedAtFirst = -1;
        var pump = Pump(options, new TestHandler("test.slow", async (_, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (Interlocked.CompareExchange(ref claimedAtFirst, 0, -1) == -1)
                claimedAtFirst = (await Store.ListAsync(OutboxStatus.Pending, null, 100, CancellationToken.None)).Count(i => i.Attempts == 1);
            await Task.Delay(15, token);
            Interlocked.Decrement(ref running);
        }));
        using var stop = new CancellationTokenSource();

        var run = pump.RunAsync(stop.Token);
        await UntilAsync(() => pump.Delivered >= 30);
        await stop.CancelAsync();
        await run;

        // The first claim took the three slots' messages and the six ahead of them; never more than three ran at once.
        Assert.Equal(9, claimedAtFirst);
        Assert.InRange(most, 1, 3);
        Assert.Equal(30, pump.Delivered);
        var all = await Store.ListAsync(null, null, 100, CancellationToken.None);
        Assert.Equal(30, all.Count(i => i.Status == OutboxStatus.Done && i.Attempts == 1));
    }

    [Fact]
    public async Task Pump_Stopping_GivesBackTheClaimedMessagesNoHandlerStarted()
    {
        var options = Options with { BatchSize = 2, Prefetch = 5 };
        await Store.EnqueueAsync(Enumerable.Range(0, 10).Select(_ => OutboxKit.Message("test.hang")).ToList(), CancellationToken.None);
        var hangs = new TestHandler("test.hang", (_, token) => Task.Delay(Timeout.Infinite, token));
        var pump = Pump(options, hangs);
        using var stop = new CancellationTokenSource();

        var run = pump.RunAsync(stop.Token);
        await UntilAsync(() => hangs.Seen.Count >= 2);
        await Task.Delay(100); // nothing else starts: both slots hang
        await stop.CancelAsync();
        await run;

        Assert.Equal(2, hangs.Seen.Count);
        var all = await Store.ListAsync(null, null, 100, CancellationToken.None);
        Assert.All(all, i => Assert.Equal(OutboxStatus.Pending, i.Status));
        // The two that ran keep their lease and their attempt; the five claimed ahead were given back uncounted,
        // so they are due at once, with the three never claimed.
        var started = hangs.Seen.Select(i => i.Id).ToHashSet();
        Assert.All(all.Where(i => started.Contains(i.Id)), i => Assert.Equal(1, i.Attempts));
        Assert.All(all.Where(i => !started.Contains(i.Id)), i => Assert.Equal(0, i.Attempts));
        var again = await Store.ClaimAsync(20, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(8, again.Count);
        Assert.DoesNotContain(again, i => started.Contains(i.Id));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}
