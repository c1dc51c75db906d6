using System.Diagnostics;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteOutboxDispatcherTests(SqliteDatabase database) : OutboxDispatcherTests<SqliteDatabase>(database);

public sealed class PostgresOutboxDispatcherTests(PostgresDatabase database) : OutboxDispatcherTests<PostgresDatabase>(database);

/// <summary>
/// Delivery through the real store: handlers isolated, failures retried with backoff until dead,
/// a manual retry delivered, a lease that ran out claimed again — and nothing ever thrown at the caller.
/// </summary>
public abstract class OutboxDispatcherTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    private readonly ManualClock _clock = new();
    private EfOutboxStore Store => OutboxKit.Store(database, _clock);

    private static readonly OutboxOptions Options = new()
    {
        MaxAttempts = 3, BackoffBase = TimeSpan.FromSeconds(10), BackoffCap = TimeSpan.FromSeconds(15), Lease = TimeSpan.FromMinutes(1),
        HandlerTimeout = TimeSpan.FromSeconds(20),
    };

    public Task InitializeAsync() => OutboxKit.ClearAsync(database);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> EnqueueAsync(string kind)
    {
        var record = Guid.NewGuid();
        await Store.EnqueueAsync([OutboxKit.Message(kind, record: record)], CancellationToken.None);
        return Assert.Single(await OutboxKit.OfAsync(Store, record)).Id;
    }

    private async Task<OutboxItem> FindAsync(long id) => (await Store.FindAsync(id, CancellationToken.None))!;

    /// <summary>The instances of <see cref="ScopedHandler"/> one test made.</summary>
    private sealed class Made
    {
        public readonly System.Collections.Concurrent.ConcurrentQueue<ScopedHandler> Handlers = new();
    }

    /// <summary>A scoped handler that notes each instance made, and whether it was disposed.</summary>
    private sealed class ScopedHandler : IOutboxHandler, IAsyncDisposable
    {
        public ScopedHandler(Made made) => made.Handlers.Enqueue(this);

        public string Kind => "test.scoped";

        public bool Disposed { get; private set; }

        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task AScopedHandler_IsMadeForItsKindsMessagesOnly_AndDisposedAfterEach()
    {
        await EnqueueAsync("test.scoped");
        await EnqueueAsync("test.scoped");
        var other = new TestHandler("test.other", (_, _) => Task.CompletedTask);
        var made = new Made();
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options, services => services
            .AddSingleton(made).AddScoped<IOutboxHandler, ScopedHandler>().AddSingleton<IOutboxHandler>(other));
        Assert.Equal(["test.scoped", "test.other"], dispatcher.CheckHandlers());
        var learning = made.Handlers.Count; // the one made to learn its kind

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(2, batch.Delivered);
        Assert.Equal(learning + 2, made.Handlers.Count); // one per message
        Assert.All(made.Handlers.Skip(learning), h => Assert.True(h.Disposed));
        Assert.Empty(other.Seen);
    }

    [Fact]
    public async Task FailingHandler_IsRetriedWithBackoff_AndEndsDeadAfterMaxAttempts()
    {
        var id = await EnqueueAsync("test.failing");
        var handler = new TestHandler("test.failing", (_, _) => throw new InvalidOperationException("receiver refused"));
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options, handler);

        var firstAt = _clock.UtcNow;
        var first = await dispatcher.DispatchAsync(CancellationToken.None);
        var afterFirst = await FindAsync(id);
        var tooEarly = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var secondAt = _clock.UtcNow;
        var second = await dispatcher.DispatchAsync(CancellationToken.None);
        var afterSecond = await FindAsync(id);
        _clock.Advance(TimeSpan.FromSeconds(15));
        var third = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var afterDead = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(1, 0, 1, 0, 0), first);
        // Attempt 1 waits the base (10 s) less up to a quarter; attempt 2 twice that, capped at 15 s.
        Assert.InRange(afterFirst.NextAttemptAt - firstAt, TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(10));
        Assert.Equal("InvalidOperationException: receiver refused", afterFirst.LastError);
        Assert.Equal(OutboxBatch.None, tooEarly);
        Assert.Equal(new OutboxBatch(1, 0, 1, 0, 0), second);
        Assert.InRange(afterSecond.NextAttemptAt - secondAt, TimeSpan.FromSeconds(11.25), TimeSpan.FromSeconds(15));
        Assert.Equal(new OutboxBatch(1, 0, 0, 1, 0), third);
        Assert.Equal(OutboxBatch.None, afterDead);
        var dead = await FindAsync(id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal([1, 2, 3], handler.Seen.Select(i => i.Attempts));
    }

    [Fact]
    public async Task ManualRetry_OfADeadMessage_MakesItPending_AndItIsDelivered()
    {
        var id = await EnqueueAsync("test.flaky");
        var receiverUp = false;
        var handler = new TestHandler("test.flaky", (_, _) => receiverUp ? Task.CompletedTask : throw new HttpRequestException("connection refused"));
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options with { }, handler);
        for (var i = 0; i < Options.MaxAttempts; i++)
        {
            await dispatcher.DispatchAsync(CancellationToken.None);
            _clock.Advance(Options.BackoffCap);
        }
        Assert.Equal(OutboxStatus.Dead, (await FindAsync(id)).Status);

        receiverUp = true;
        Assert.True(await Store.RetryAsync(id, CancellationToken.None));
        var pending = await FindAsync(id);
        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Equal(0, pending.Attempts);
        Assert.Equal(new OutboxBatch(1, 1, 0, 0, 0), batch);
        var done = await FindAsync(id);
        Assert.Equal(OutboxStatus.Done, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(_clock.UtcNow, done.DoneAt);
    }

    [Fact]
    public async Task ExpiredLease_OfAnInstanceThatDied_IsClaimedAgain_AndDelivered()
    {
        var id = await EnqueueAsync("test.ok");
        // An instance claims it and dies before recording anything.
        Assert.Single(await Store.ClaimAsync(10, Options.Lease, CancellationToken.None));
        var handler = new TestHandler("test.ok", (_, _) => Task.CompletedTask);
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options, handler);

        var whileLeased = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var afterLease = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(OutboxBatch.None, whileLeased);
        Assert.Equal(new OutboxBatch(1, 1, 0, 0, 0), afterLease);
        Assert.Equal(2, Assert.Single(handler.Seen).Attempts);
        Assert.Equal(OutboxStatus.Done, (await FindAsync(id)).Status);
    }

    [Fact]
    public async Task HandlerExceptions_NeverEscapeTheDispatcher_AndOtherMessagesOfTheBatchAreDelivered()
    {
        var sync = await EnqueueAsync("test.throws_sync");
        var async = await EnqueueAsync("test.throws_async");
        var nullTask = await EnqueueAsync("test.null_task");
        var ok = await EnqueueAsync("test.ok");
        var delivered = new TestHandler("test.ok", (_, _) => Task.CompletedTask);
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options,
            new TestHandler("test.throws_sync", (_, _) => throw new StackOverflowGuardException()),
            new TestHandler("test.throws_async", async (_, _) =>
            {
                await Task.Yield();
                throw new AggregateException(new InvalidOperationException("inner"));
            }),
            new TestHandler("test.null_task", (_, _) => null!),
            delivered);

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(4, 1, 3, 0, 0), batch);
        Assert.Equal(OutboxStatus.Done, (await FindAsync(ok)).Status);
        foreach (var failed in new[] { sync, async, nullTask })
        {
            var item = await FindAsync(failed);
            Assert.Equal(OutboxStatus.Pending, item.Status);
            Assert.NotNull(item.LastError);
            Assert.True(item.NextAttemptAt > _clock.UtcNow);
        }
        Assert.StartsWith("StackOverflowGuardException:", (await FindAsync(sync)).LastError);
    }

    [Fact]
    public async Task UnknownKind_IsDeadAtOnce_WithAClearError()
    {
        var id = await EnqueueAsync("test.nobody");
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options, new TestHandler("test.ok", (_, _) => Task.CompletedTask));

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(1, 0, 0, 1, 0), batch);
        var dead = await FindAsync(id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal("No handler delivers messages of kind 'test.nobody'.", dead.LastError);
    }

    [Fact]
    public async Task HandlerThatOverrunsItsTimeout_IsLeftBehind_AndTheAttemptCountsAsFailed()
    {
        var id = await EnqueueAsync("test.slow");
        var release = new TaskCompletionSource();
        // Ignores its token: the dispatcher must not wait for it.
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options with { HandlerTimeout = TimeSpan.FromMilliseconds(300) },
            new TestHandler("test.slow", (_, _) => release.Task));
        var watch = Stopwatch.StartNew();

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        watch.Stop();
        release.SetResult();
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(new OutboxBatch(1, 0, 1, 0, 0), batch);
        Assert.Equal("The handler did not finish within 0.3 s.", (await FindAsync(id)).LastError);
    }

    [Fact]
    public async Task HandlerThatHonoursItsToken_IsCancelledAtTheTimeout()
    {
        var id = await EnqueueAsync("test.cooperative");
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options with { HandlerTimeout = TimeSpan.FromMilliseconds(200) },
            new TestHandler("test.cooperative", async (_, token) =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), token);
                }
                finally
                {
                    ended.TrySetResult(token.IsCancellationRequested);
                }
            }));

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(1, 0, 1, 0, 0), batch);
        // The handler's own end may come a moment after the dispatcher moved on, never 30 s later.
        Assert.True(await ended.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(OutboxStatus.Pending, (await FindAsync(id)).Status);
    }

    [Fact]
    public async Task StoreThatCannotBeReached_DoesNotThrowOutOfTheDispatcher()
    {
        var dispatcher = OutboxKit.Dispatcher(new UnreachableStore(), _clock, Options, new TestHandler("test.ok", (_, _) => Task.CompletedTask));

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(OutboxBatch.None, batch);
    }

    [Fact]
    public async Task StoreFailingToRecordTheOutcome_LeavesTheMessageUnsettled_WithoutThrowing()
    {
        var id = await EnqueueAsync("test.ok");
        var dispatcher = OutboxKit.Dispatcher(new CannotRecordStore(Store), _clock, Options, new TestHandler("test.ok", (_, _) => Task.CompletedTask));

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(1, 0, 0, 0, 1), batch);
        // Still leased; claimed again once the lease runs out.
        Assert.Equal(OutboxStatus.Pending, (await FindAsync(id)).Status);
    }

    [Fact]
    public void CheckHandlers_RefusesTwoHandlersOfOneKind_AndABlankKind_AndListsTheKinds()
    {
        TestHandler Ok(string kind) => new(kind, (_, _) => Task.CompletedTask);

        var twice = Assert.Throws<InvalidOperationException>(() =>
            OutboxKit.Dispatcher(Store, _clock, Options, Ok("test.a"), Ok("test.b"), Ok("test.a")).CheckHandlers());
        var blank = Assert.Throws<InvalidOperationException>(() => OutboxKit.Dispatcher(Store, _clock, Options, Ok(" ")).CheckHandlers());
        var kinds = OutboxKit.Dispatcher(Store, _clock, Options, Ok("test.a"), Ok("test.b")).CheckHandlers();

        Assert.Equal("2 outbox handlers are registered for kind 'test.a': keep one.", twice.Message);
        Assert.Equal("An outbox handler has a blank Kind.", blank.Message);
        Assert.Equal(["test.a", "test.b"], kinds);
    }

    [Fact]
    public async Task Batch_WithOneFailingMessage_MarksExactlyTheDeliveredOnesDone_AndRetriesOnlyTheFailedOne()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await EnqueueAsync("test.batch"));
        var failing = ids[2];
        var handler = new TestHandler("test.batch", (item, _) =>
            item.Id == failing && item.Attempts == 1 ? throw new InvalidOperationException("receiver refused") : Task.CompletedTask);
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options with { BatchSize = 10 }, handler);

        var first = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        handler.Seen.Clear();
        var second = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new OutboxBatch(5, 4, 1, 0, 0), first);
        // Only the failed message came again, and nothing delivered was handed out a second time.
        Assert.Equal(new OutboxBatch(1, 1, 0, 0, 0), second);
        Assert.Equal(failing, Assert.Single(handler.Seen).Id);
        foreach (var id in ids)
        {
            var item = await FindAsync(id);
            Assert.Equal(OutboxStatus.Done, item.Status);
            Assert.Equal(id == failing ? 2 : 1, item.Attempts);
            // The retried one keeps its first attempt's error for admins; the others never failed.
            Assert.Equal(id == failing ? "InvalidOperationException: receiver refused" : null, item.LastError);
        }
    }

    [Fact]
    public async Task Batch_WhoseDoneMarkingFails_LeavesEveryHandledMessageToBeClaimedAgain()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await EnqueueAsync("test.batch"));
        var handler = new TestHandler("test.batch", (_, _) => Task.CompletedTask);
        var dispatcher = OutboxKit.Dispatcher(new CannotRecordStore(Store), _clock, Options with { BatchSize = 10 }, handler);

        var batch = await dispatcher.DispatchAsync(CancellationToken.None);
        _clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var again = await Store.ClaimAsync(10, Options.Lease, CancellationToken.None);

        Assert.Equal(new OutboxBatch(3, 0, 0, 0, 3), batch);
        Assert.Equal(ids, again.Select(i => i.Id).Order());
    }

    private sealed class StackOverflowGuardException() : Exception("a handler bug");

    /// <summary>A store whose database is gone: every call fails.</summary>
    private sealed class UnreachableStore : IOutboxStore
    {
        private static Exception Down() => new FunnelStudio.Saving.DatabaseUnavailableException("The database cannot be reached.", new IOException());
        public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => throw Down();
        public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, CancellationToken cancellationToken) => throw Down();
        public Task<int> CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => throw Down();
        public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => throw Down();
        public Task FailAsync(long id, string error, DateTime? retryAt, CancellationToken cancellationToken) => throw Down();
        public Task<bool> RetryAsync(long id, CancellationToken cancellationToken) => throw Down();
        public Task<IReadOnlyList<OutboxItem>> ListAsync(OutboxStatus? status, Guid? recordId, int limit, CancellationToken cancellationToken) => throw Down();
        public Task<OutboxItem?> FindAsync(long id, CancellationToken cancellationToken) => throw Down();
        public Task<int> PurgeDeliveredAsync(DateTime before, CancellationToken cancellationToken) => throw Down();
    }

    /// <summary>Claims through the real store, then loses the database before the outcome is written.</summary>
    private sealed class CannotRecordStore(IOutboxStore inner) : IOutboxStore
    {
        public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => inner.EnqueueAsync(messages, cancellationToken);
        public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, CancellationToken cancellationToken) => inner.ClaimAsync(max, lease, cancellationToken);
        public Task<int> CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => throw new IOException("connection reset");
        public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => throw new IOException("connection reset");
        public Task FailAsync(long id, string error, DateTime? retryAt, CancellationToken cancellationToken) => throw new IOException("connection reset");
        public Task<bool> RetryAsync(long id, CancellationToken cancellationToken) => inner.RetryAsync(id, cancellationToken);
        public Task<IReadOnlyList<OutboxItem>> ListAsync(OutboxStatus? status, Guid? recordId, int limit, CancellationToken cancellationToken) =>
            inner.ListAsync(status, recordId, limit, cancellationToken);
        public Task<OutboxItem?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);
        public Task<int> PurgeDeliveredAsync(DateTime before, CancellationToken cancellationToken) => inner.PurgeDeliveredAsync(before, cancellationToken);
    }
}
