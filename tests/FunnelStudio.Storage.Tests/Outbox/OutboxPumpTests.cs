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

    private OutboxPump Pump(params IOutboxHandler[] handlers) => new(OutboxKit.Dispatcher(Store, _clock, Options, handlers),
        new PollingOutboxSignal(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(Options));

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
}
