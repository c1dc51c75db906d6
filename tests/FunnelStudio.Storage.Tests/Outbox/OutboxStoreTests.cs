using FunnelStudio.Outbox;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteOutboxStoreTests(SqliteDatabase database) : OutboxStoreTests<SqliteDatabase>(database);

public sealed class PostgresOutboxStoreTests(PostgresDatabase database) : OutboxStoreTests<PostgresDatabase>(database);

/// <summary>The outbox table's life cycle: claimed when due as a lease, done, retried later, dead, retried by hand.</summary>
public abstract class OutboxStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly ManualClock _clock = new();
    private EfOutboxStore Store => OutboxKit.Store(database, _clock);

    public Task InitializeAsync() => OutboxKit.ClearAsync(database);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> EnqueueOneAsync(string kind = "test.kind")
    {
        var record = Guid.NewGuid();
        await Store.EnqueueAsync([OutboxKit.Message(kind, record: record)], CancellationToken.None);
        return Assert.Single(await OutboxKit.OfAsync(Store, record)).Id;
    }

    [Fact]
    public async Task Claim_TakesDueMessagesOldestFirst_CountsTheAttempt_AndLeasesThem()
    {
        var first = await EnqueueOneAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await EnqueueOneAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await EnqueueOneAsync();

        var claimed = await Store.ClaimAsync(2, Lease, CancellationToken.None);
        var rest = await Store.ClaimAsync(10, Lease, CancellationToken.None);
        var none = await Store.ClaimAsync(10, Lease, CancellationToken.None);

        Assert.Equal([first, second], claimed.Select(i => i.Id));
        Assert.All(claimed, i => Assert.Equal(1, i.Attempts));
        Assert.Equal(third, Assert.Single(rest).Id);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Claim_OfAMessageWhoseLeaseRanOut_TakesItAgain_WithTheNextAttempt()
    {
        var id = await EnqueueOneAsync();
        Assert.Single(await Store.ClaimAsync(10, Lease, CancellationToken.None));

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var stillLeased = await Store.ClaimAsync(10, Lease, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var again = await Store.ClaimAsync(10, Lease, CancellationToken.None);

        Assert.Empty(stillLeased);
        var item = Assert.Single(again);
        Assert.Equal(id, item.Id);
        Assert.Equal(2, item.Attempts);
    }

    [Fact]
    public async Task Complete_MarksItDone_AndItIsNeverClaimedAgain()
    {
        var id = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);

        await Store.CompleteAsync([id], CancellationToken.None);
        _clock.Advance(Lease * 2);

        Assert.Empty(await Store.ClaimAsync(10, Lease, CancellationToken.None));
        var done = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(OutboxStatus.Done, done.Status);
        Assert.Equal(_clock.UtcNow - Lease * 2, done.DoneAt);
        Assert.False(await Store.RetryAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task PurgeDelivered_DeletesOnlyMessagesDeliveredBeforeTheCutoff_AndKeepsPendingAndDeadOnes()
    {
        var old = await EnqueueOneAsync();
        var pending = await EnqueueOneAsync();
        var dead = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.CompleteAsync([old], CancellationToken.None);
        await Store.FailAsync(dead, "gave up", null, CancellationToken.None);
        await Store.FailAsync(pending, "try again", _clock.UtcNow.AddDays(30), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(8));
        var recent = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.CompleteAsync([recent], CancellationToken.None);

        var purged = await Store.PurgeDeliveredAsync(_clock.UtcNow - TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Null(await Store.FindAsync(old, CancellationToken.None));
        Assert.Equal(OutboxStatus.Done, (await Store.FindAsync(recent, CancellationToken.None))!.Status);
        Assert.Equal(OutboxStatus.Pending, (await Store.FindAsync(pending, CancellationToken.None))!.Status);
        Assert.Equal(OutboxStatus.Dead, (await Store.FindAsync(dead, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Fail_WithARetryTime_IsPendingAndDueThen_WithTheErrorKept()
    {
        var id = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        var retryAt = _clock.UtcNow.AddSeconds(30);

        await Store.FailAsync(id, "receiver said 503", retryAt, CancellationToken.None);
        var early = await Store.ClaimAsync(10, Lease, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var due = await Store.ClaimAsync(10, Lease, CancellationToken.None);

        Assert.Empty(early);
        var item = Assert.Single(due);
        Assert.Equal(2, item.Attempts);
        Assert.Equal(retryAt, item.NextAttemptAt);
        Assert.Equal("receiver said 503", item.LastError);
    }

    [Fact]
    public async Task Fail_WithoutARetryTime_MakesItDead_AndALongErrorIsCut()
    {
        var id = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);

        await Store.FailAsync(id, new string('e', 5000), null, CancellationToken.None);
        _clock.Advance(Lease * 2);

        Assert.Empty(await Store.ClaimAsync(10, Lease, CancellationToken.None));
        var dead = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(2000, dead.LastError!.Length);
        Assert.NotNull(dead.DoneAt);
        Assert.Equal(id, Assert.Single(await Store.ListAsync(OutboxStatus.Dead, null, 50, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Retry_OfADeadMessage_MakesItDueNow_WithAttemptsFromZero()
    {
        var id = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.FailAsync(id, "gone", null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.True(await Store.RetryAsync(id, CancellationToken.None));
        var item = Assert.Single(await Store.ClaimAsync(10, Lease, CancellationToken.None));

        Assert.Equal(id, item.Id);
        Assert.Equal(1, item.Attempts);
        Assert.Equal(OutboxStatus.Pending, item.Status);
        Assert.Equal(_clock.UtcNow, item.NextAttemptAt);
        Assert.Null(item.DoneAt);
    }

    [Fact]
    public async Task Retry_OfAMessageBeingDelivered_OrOfNoMessage_ChangesNothing()
    {
        var id = await EnqueueOneAsync();
        await Store.ClaimAsync(10, Lease, CancellationToken.None);

        Assert.False(await Store.RetryAsync(id, CancellationToken.None));
        Assert.False(await Store.RetryAsync(id + 1000, CancellationToken.None));
        Assert.Equal(1, (await Store.FindAsync(id, CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task Complete_OfSeveralIds_MarksExactlyThosePendingOnes_InOneCall()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add(await EnqueueOneAsync());
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.FailAsync(ids[1], "gone", null, CancellationToken.None); // dead: not pending any more

        var marked = await Store.CompleteAsync([ids[0], ids[1], ids[2], ids[2]], CancellationToken.None);
        var none = await Store.CompleteAsync([], CancellationToken.None);

        Assert.Equal(2, marked);
        Assert.Equal(0, none);
        var statuses = new List<OutboxStatus>();
        foreach (var id in ids) statuses.Add((await Store.FindAsync(id, CancellationToken.None))!.Status);
        Assert.Equal([OutboxStatus.Done, OutboxStatus.Dead, OutboxStatus.Done, OutboxStatus.Pending], statuses);
        var done = (await Store.FindAsync(ids[0], CancellationToken.None))!;
        Assert.Equal(_clock.UtcNow, done.DoneAt);
    }

    [Fact]
    public async Task CompleteAndClaim_MarksTheDeliveredPendingOnesDone_AndClaimsOthers_InOneCall()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await EnqueueOneAsync());
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.FailAsync(ids[1], "gone", null, CancellationToken.None); // dead: not pending any more
        _clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = new List<long>();
        for (var i = 0; i < 3; i++) fresh.Add(await EnqueueOneAsync());

        var claimed = await Store.CompleteAndClaimAsync([ids[0], ids[1], ids[2], ids[2]], 2, Lease, CancellationToken.None);
        var rest = await Store.CompleteAndClaimAsync([], 10, Lease, CancellationToken.None);

        Assert.Equal(fresh.Take(2), claimed.Select(i => i.Id));
        Assert.All(claimed, i => Assert.Equal(1, i.Attempts));
        Assert.Equal(fresh[2], Assert.Single(rest).Id);
        var statuses = new List<OutboxStatus>();
        foreach (var id in ids) statuses.Add((await Store.FindAsync(id, CancellationToken.None))!.Status);
        Assert.Equal([OutboxStatus.Done, OutboxStatus.Dead, OutboxStatus.Done], statuses);
        Assert.Equal(_clock.UtcNow, (await Store.FindAsync(ids[2], CancellationToken.None))!.DoneAt);
    }

    [Fact]
    public async Task Release_OfClaimedMessages_MakesThemDueAtOnce_WithTheAttemptTakenBack()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await EnqueueOneAsync());
        await Store.ClaimAsync(10, Lease, CancellationToken.None);
        await Store.CompleteAsync([ids[2]], CancellationToken.None);

        await Store.ReleaseAsync([ids[0], ids[2]], CancellationToken.None);
        var again = await Store.ClaimAsync(10, Lease, CancellationToken.None);

        // The released one is claimed again as a first attempt; the one still leased is not; the delivered one stays done.
        Assert.Equal(ids[0], Assert.Single(again).Id);
        Assert.Equal(1, again[0].Attempts);
        Assert.Equal(OutboxStatus.Done, (await Store.FindAsync(ids[2], CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task List_FiltersByStatusAndRecord_NewestFirst_UpToTheLimit()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++) ids.Add(await EnqueueOneAsync());
        await Store.ClaimAsync(1, Lease, CancellationToken.None);
        await Store.CompleteAsync([ids[0]], CancellationToken.None);

        var pending = await Store.ListAsync(OutboxStatus.Pending, null, 2, CancellationToken.None);
        var all = await Store.ListAsync(null, null, 50, CancellationToken.None);
        var done = await Store.ListAsync(OutboxStatus.Done, null, 50, CancellationToken.None);

        Assert.Equal([ids[3], ids[2]], pending.Select(i => i.Id));
        Assert.Equal(Enumerable.Reverse(ids), all.Select(i => i.Id));
        Assert.Equal(ids[0], Assert.Single(done).Id);
        Assert.Null(await Store.FindAsync(-1, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimChoice_ReadsThePendingMessagesIndexInDueOrder_WithoutSorting()
    {
        // The claim's own choice of rows, as it is sent; the time a literal instead of its parameter.
        var choice = EfOutboxStore.DueIds(SqlDialect.For(database.Provider), "'2100-01-01 00:00:00'", 80);

        var plan = string.Join("\n", database.Provider == StorageProvider.Postgres
            // An empty table would be read whole whatever the indexes; with that ruled out, the index must serve.
            ? await database.TextColumnAsync($"BEGIN; SET LOCAL enable_seqscan = off; EXPLAIN {choice}; COMMIT;")
            : await database.TextColumnAsync($"EXPLAIN QUERY PLAN {choice}"));

        Assert.Contains("ix_outbox__due", plan);
        Assert.DoesNotContain("Sort", plan); // PostgreSQL: Sort, Incremental Sort
        Assert.DoesNotContain("B-TREE", plan); // SQLite: USE TEMP B-TREE FOR ORDER BY
    }

    [Fact]
    public async Task DeadLetters_AreListedFromTheirOwnIndex()
    {
        var plan = string.Join("\n", database.Provider == StorageProvider.Postgres
            ? await database.TextColumnAsync("BEGIN; SET LOCAL enable_seqscan = off; EXPLAIN SELECT id FROM outbox WHERE status = 'dead' ORDER BY id DESC LIMIT 50; COMMIT;")
            : await database.TextColumnAsync("EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE status = 'dead' ORDER BY id DESC LIMIT 50"));

        Assert.Contains("ix_outbox__dead", plan);
    }
}
