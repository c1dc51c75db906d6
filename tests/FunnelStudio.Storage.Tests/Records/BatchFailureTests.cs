using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Records;

/// <summary>
/// Creates on PostgreSQL when a batch is held up and then fails: the batch's session terminated by
/// an administrator, its reply lost after the commit, the database gone. Batches are held by locking
/// <c>record_totals</c> (the insert trigger's table) from a direct connection; the store reaches the
/// server through a <see cref="PostgresProxy"/> the test can cut. Room for
/// <see cref="ProxiedPostgresDatabase.MaxQueuedCreates"/> waiting creates.
/// </summary>
public sealed class BatchFailureTests(ProxiedPostgresDatabase database) : IClassFixture<ProxiedPostgresDatabase>
{
    private const string Insert = "INSERT INTO records";
    private const int Queued = ProxiedPostgresDatabase.MaxQueuedCreates;

    private IRecordStore Store => database.Store;
    private EfRecordStore Batches => (EfRecordStore)database.Store;
    private string Direct => database.DirectConnectionString;

    /// <summary>Every batch slot busy with a lone create held at the lock, and the queue full behind them.</summary>
    private async Task<(List<StoredRecord> Records, List<Task<StoredRecord>> Saves, IReadOnlyList<int> Blocked)> HoldBatchesAsync(string obj)
    {
        var records = Enumerable.Range(0, CreateBatches.MaxRunning + Queued).Select(i => TestObjects.Record(obj, $"Held {i}", i)).ToList();
        var saves = records.Select(r => Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(r), CancellationToken.None)).ToList();
        var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, Insert, CreateBatches.MaxRunning);
        Assert.Equal(Queued, Batches.QueuedCreates);
        return (records, saves, blocked);
    }

    private async Task<long> CountAsync(string obj) =>
        long.Parse((await database.TextColumnAsync($"SELECT count(*) FROM records WHERE object = '{obj}'")).Single());

    [Fact]
    public async Task Create_WhenEveryBatchIsHeldAndTheQueueIsFull_IsRefusedAtOnceWithOverloaded_AndNothingOfItIsStored()
    {
        var obj = database.Objects.NewDeal();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (records, saves, _) = await HoldBatchesAsync(obj);
            var refused = TestObjects.Record(obj, "One too many");

            var error = await Assert.ThrowsAsync<StoreOverloadedException>(() =>
                Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(refused), CancellationToken.None));

            Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
            await held.DisposeAsync();
            await Task.WhenAll(saves).Within();
            Assert.Null(await Store.FindAsync(obj, refused.Id, CancellationToken.None));
            Assert.Equal(records.Count, await CountAsync(obj));
        }
    }

    [Fact]
    public async Task Create_CancelledWhileItWaitsForABatch_IsNeverStored()
    {
        var obj = database.Objects.NewDeal();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var records = Enumerable.Range(0, CreateBatches.MaxRunning).Select(i => TestObjects.Record(obj, $"Held {i}")).ToList();
            var saves = records.Select(r => Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(r), CancellationToken.None)).ToList();
            await PostgresSessions.WaitForBlockedAsync(Direct, Insert, CreateBatches.MaxRunning);
            var cancelled = TestObjects.Record(obj, "Given up");
            using var cancel = new CancellationTokenSource();
            var waiting = Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(cancelled), cancel.Token);
            Assert.Equal(1, Batches.QueuedCreates);

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
            Assert.Equal(0, Batches.QueuedCreates);
            await held.DisposeAsync();
            await Task.WhenAll(saves).Within();
            Assert.Null(await Store.FindAsync(obj, cancelled.Id, CancellationToken.None));
            Assert.Equal(records.Count, await CountAsync(obj));
        }
    }

    [Fact]
    public async Task BatchesTerminatedMidway_AreLookedUp_NotFound_SentAgain_AndEachCreateIsStoredOnce()
    {
        var obj = database.Objects.NewDeal();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (records, saves, blocked) = await HoldBatchesAsync(obj);

            await PostgresSessions.TerminateAsync(Direct, blocked);
            // Each terminated create is looked up, not found, and sent again on its own: held at the lock again.
            await PostgresSessions.WaitForBlockedAsync(Direct, Insert, CreateBatches.MaxRunning, except: blocked);
            await held.DisposeAsync();
            var stored = await Task.WhenAll(saves).Within();

            Assert.Equal(records.Count, await CountAsync(obj));
            foreach (var (record, saved) in records.Zip(stored))
            {
                Assert.Equal(saved.Version, (await Store.FindAsync(obj, record.Id, CancellationToken.None))!.Version);
                Assert.Single(await Store.StageHistoryAsync(record.Id, CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task BatchesThatCommitButLoseTheirReply_AreFoundStored_AndSucceed()
    {
        var obj = database.Objects.NewDeal();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (records, saves, blocked) = await HoldBatchesAsync(obj);
            foreach (var pid in blocked) database.Proxy.LoseNextReply(pid);

            await held.DisposeAsync();
            var stored = await Task.WhenAll(saves).Within();

            Assert.Equal(records.Count, await CountAsync(obj));
            foreach (var (record, saved) in records.Zip(stored))
            {
                Assert.Equal(saved.Version, (await Store.FindAsync(obj, record.Id, CancellationToken.None))!.Version);
                Assert.Single(await Store.StageHistoryAsync(record.Id, CancellationToken.None));
            }
            // The sessions whose reply was lost are gone, and nothing was sent twice.
            await PostgresSessions.WaitForGoneAsync(Direct, blocked);
        }
    }

    [Fact]
    public async Task DatabaseGoingDownUnderHeldBatches_FailsEveryCreateWithDatabaseUnavailable_AndWhatWasSentCommitsOnce()
    {
        var obj = database.Objects.NewDeal();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        try
        {
            await using (held)
            {
                var (records, saves, blocked) = await HoldBatchesAsync(obj);

                database.Proxy.GoDown();

                foreach (var save in saves) await Assert.ThrowsAsync<DatabaseUnavailableException>(() => save.Within());
                // The server still holds the batches it was sent; released, they commit, though nobody hears it.
                await held.DisposeAsync();
                await PostgresSessions.WaitForGoneAsync(Direct, blocked);
                database.Proxy.ComeBack();
                foreach (var record in records.Take(CreateBatches.MaxRunning))
                    Assert.NotNull(await Store.FindAsync(obj, record.Id, CancellationToken.None));
                foreach (var record in records.Skip(CreateBatches.MaxRunning))
                    Assert.Null(await Store.FindAsync(obj, record.Id, CancellationToken.None));
                Assert.Equal(CreateBatches.MaxRunning, await CountAsync(obj));
            }
        }
        finally
        {
            database.Proxy.ComeBack();
        }
    }

    [Fact]
    public async Task UpdateWhoseCommitReplyIsLost_IsFoundStored_AndSucceedsOnce()
    {
        var obj = database.Objects.NewDeal();
        var record = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Before", 100m)), CancellationToken.None);
        var changed = record with { Values = record.Values.With("amount", 250m), Amount = 250m, UpdatedAt = DateTime.UtcNow, UpdatedBy = "rep2" };
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            // The totals trigger of an update runs at the commit: the COMMIT waits for the lock.
            var save = Store.PersistAsync(TestObjects.Update(record, changed, record.Version), CancellationToken.None);
            var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, "COMMIT", 1);
            database.Proxy.LoseNextReply(blocked[0]);

            await held.DisposeAsync();
            var saved = await save.Within();

            var found = await Store.FindAsync(obj, record.Id, CancellationToken.None);
            Assert.Equal(saved.Version, found!.Version);
            Assert.Equal(250m, found.Values["amount"]);
            Assert.Single(await Store.FieldHistoryAsync(record.Id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task UpdateTerminatedInItsCommit_IsFoundNotStored_SentAgainWithItsVersionCheck_AndStoredOnce()
    {
        var obj = database.Objects.NewDeal();
        var record = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Before", 100m)), CancellationToken.None);
        var changed = record with { Values = record.Values.With("amount", 300m), Amount = 300m, UpdatedAt = DateTime.UtcNow, UpdatedBy = "rep2" };
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var save = Store.PersistAsync(TestObjects.Update(record, changed, record.Version), CancellationToken.None);
            var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, "COMMIT", 1);

            await PostgresSessions.TerminateAsync(Direct, blocked);
            await PostgresSessions.WaitForBlockedAsync(Direct, "COMMIT", 1, except: blocked);
            await held.DisposeAsync();
            var saved = await save.Within();

            var found = await Store.FindAsync(obj, record.Id, CancellationToken.None);
            Assert.Equal(saved.Version, found!.Version);
            Assert.Equal(300m, found.Values["amount"]);
            Assert.Single(await Store.FieldHistoryAsync(record.Id, CancellationToken.None));
        }
    }
}
