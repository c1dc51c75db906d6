using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Tests.Fixtures;
using Npgsql;

namespace FunnelStudio.Storage.Tests.Records;

/// <summary>
/// The create queue's rules with a scripted database (what each insert does is decided by the test):
/// the bound, cancellation while waiting, and what happens when a batch's connection breaks. The same
/// rules against real PostgreSQL: <see cref="BatchFailureTests"/>.
/// </summary>
public sealed class CreateBatchesTests
{
    private static PersistRequest NewCreate() => TestObjects.CreateWithoutFieldHistory(TestObjects.Record("deal_q", "Queued"));

    private static NpgsqlException ConnectionLost() => new("Exception while reading from stream", new EndOfStreamException());

    /// <summary>A database whose inserts wait for <see cref="Release"/>, then store (version = call number) or throw.</summary>
    private sealed class ScriptedDatabase
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public List<IReadOnlyList<Guid>> Inserts { get; } = [];
        public HashSet<Guid> Stored { get; } = [];
        /// <summary>Decides per insert (by its number, from 1) whether it fails, and how.</summary>
        public Func<int, IReadOnlyList<PersistRequest>, Exception?> Failure { get; set; } = (_, _) => null;
        /// <summary>Whether a failed insert committed anyway (its reply was lost).</summary>
        public bool CommitsDespiteFailure { get; set; }
        public Exception? LookupFailure { get; set; }

        /// <summary>Lets the inserts go once <paramref name="sent"/> of them reached the database, so their numbers are known.</summary>
        public async Task ReleaseAfterAsync(int sent)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                lock (Inserts) if (Inserts.Count >= sent) break;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{sent} inserts never arrived.");
                await Task.Delay(5);
            }
            Release();
        }

        public void Release() => _gate.TrySetResult();

        public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<PersistRequest> requests)
        {
            int call;
            lock (Inserts)
            {
                call = ++_calls;
                Inserts.Add(requests.Select(r => r.Record.Id).ToList());
            }
            await _gate.Task;
            var failure = Failure(call, requests);
            if (failure is null || CommitsDespiteFailure)
                lock (Stored) foreach (var r in requests) Stored.Add(r.Record.Id);
            if (failure is not null) throw failure;
            return requests.Select(_ => (long)call).ToList();
        }

        public Task<IReadOnlyDictionary<Guid, long>> FindStoredAsync(IReadOnlyList<Guid> ids)
        {
            if (LookupFailure is not null) throw LookupFailure;
            lock (Stored)
                return Task.FromResult<IReadOnlyDictionary<Guid, long>>(ids.Where(Stored.Contains).ToDictionary(id => id, _ => 999L));
        }

        public int InsertsOf(Guid id)
        {
            lock (Inserts) return Inserts.Count(batch => batch.Contains(id));
        }
    }

    /// <summary>Fills every runner with one create each, waiting at the scripted database's gate.</summary>
    private static List<Task<long>> FillRunners(CreateBatches creates) =>
        Enumerable.Range(0, CreateBatches.MaxRunning).Select(_ => creates.AddAsync(NewCreate(), CancellationToken.None)).ToList();

    [Fact]
    public async Task Add_WhenEveryRunnerIsBusyAndTheQueueIsFull_IsRefusedAtOnce_AndTheQueuedOnesAreStoredLater()
    {
        var database = new ScriptedDatabase();
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 2);
        var running = FillRunners(creates);
        var queued = new[] { creates.AddAsync(NewCreate(), CancellationToken.None), creates.AddAsync(NewCreate(), CancellationToken.None) };

        var refusal = creates.AddAsync(NewCreate(), CancellationToken.None);

        Assert.True(refusal.IsFaulted, "refused before anything is sent");
        var refused = await Assert.ThrowsAsync<StoreOverloadedException>(() => refusal);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(2, creates.Queued);
        database.Release();
        await Task.WhenAll(running.Concat(queued)).Within();
        Assert.Equal(6, database.Stored.Count);
        // A runner completes its creates, then counts them as written: the monitoring counter
        // follows a moment after the last create returned.
        await WaitUntilAsync(() => creates.Pending == 0);
        Assert.Equal(0, creates.Pending);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    [Fact]
    public async Task Add_CancelledWhileWaiting_LeavesTheQueueAndIsNeverSent()
    {
        var database = new ScriptedDatabase();
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 1);
        var running = FillRunners(creates);
        var request = NewCreate();
        using var cancel = new CancellationTokenSource();
        var waiting = creates.AddAsync(request, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        Assert.Equal(0, creates.Queued);
        // Its place in the queue is free again.
        var next = creates.AddAsync(NewCreate(), CancellationToken.None);
        database.Release();
        await Task.WhenAll(running.Append(next)).Within();
        Assert.Equal(0, database.InsertsOf(request.Record.Id));
        Assert.DoesNotContain(request.Record.Id, database.Stored);
    }

    [Fact]
    public async Task Add_CancelledOnceItsBatchIsOnItsWay_WaitsForTheOutcome()
    {
        var database = new ScriptedDatabase();
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 1);
        using var cancel = new CancellationTokenSource();
        var request = NewCreate();
        var sent = creates.AddAsync(request, cancel.Token);

        await cancel.CancelAsync();
        database.Release();

        Assert.Equal(1, await sent.Within());
        Assert.Contains(request.Record.Id, database.Stored);
    }

    [Fact]
    public async Task ConnectionBreaksUnderABatch_TheStoredCreatesSucceed_AndTheOthersAreSentAgainOneByOne()
    {
        var database = new ScriptedDatabase();
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 4);
        var running = FillRunners(creates);
        var requests = Enumerable.Range(0, 4).Select(_ => NewCreate()).ToList();
        var queued = requests.Select(r => creates.AddAsync(r, CancellationToken.None)).ToList();
        // Insert 5 is the batch of the four queued creates: its connection breaks after the first two were stored.
        database.Failure = (call, batch) =>
        {
            if (call != 5) return null;
            lock (database.Stored) { database.Stored.Add(batch[0].Record.Id); database.Stored.Add(batch[1].Record.Id); }
            return ConnectionLost();
        };

        await database.ReleaseAfterAsync(CreateBatches.MaxRunning);
        var versions = await Task.WhenAll(queued).Within();
        await Task.WhenAll(running).Within();

        Assert.Equal(new long[] { 999, 999 }, versions[..2]);
        Assert.All(versions[2..], v => Assert.True(v > 5, "sent again on its own"));
        Assert.Equal(1, database.InsertsOf(requests[0].Record.Id));
        Assert.Equal(1, database.InsertsOf(requests[1].Record.Id));
        Assert.Equal(2, database.InsertsOf(requests[2].Record.Id));
        Assert.Equal(2, database.InsertsOf(requests[3].Record.Id));
    }

    [Fact]
    public async Task ConnectionBreaksAndTheDatabaseCannotBeReachedToTell_EveryCreateOfTheBatchIsDatabaseUnavailable()
    {
        var database = new ScriptedDatabase
        {
            Failure = (_, _) => ConnectionLost(),
            LookupFailure = new DatabaseUnavailableException("down"),
        };
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 4);
        var all = FillRunners(creates);

        database.Release();

        foreach (var create in all) await Assert.ThrowsAsync<DatabaseUnavailableException>(() => create.Within());
    }

    [Fact]
    public async Task ConnectionBreaksEveryTime_AndNothingIsStored_EndsInDatabaseUnavailable()
    {
        var database = new ScriptedDatabase { Failure = (_, _) => ConnectionLost() };
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 4);
        var request = NewCreate();
        var create = creates.AddAsync(request, CancellationToken.None);

        database.Release();

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => create.Within());
        Assert.IsType<NpgsqlException>(error.InnerException);
        Assert.Equal(CreateBatches.MaxAttempts, database.InsertsOf(request.Record.Id));
    }

    [Fact]
    public async Task ABatchFailingOnOneCreate_StoresTheOthers_AndOnlyThatOneFails()
    {
        var database = new ScriptedDatabase();
        var creates = new CreateBatches(database.InsertAsync, database.FindStoredAsync, maxQueued: 4);
        var running = FillRunners(creates);
        var bad = NewCreate();
        var good = NewCreate();
        var queued = new[] { creates.AddAsync(good, CancellationToken.None), creates.AddAsync(bad, CancellationToken.None) };
        var refusal = new InvalidOperationException("a value the database refuses");
        database.Failure = (_, batch) => batch.Any(r => r.Record.Id == bad.Record.Id) ? refusal : null;

        await database.ReleaseAfterAsync(CreateBatches.MaxRunning);

        Assert.True(await queued[0].Within() > 5);
        Assert.Same(refusal, await Assert.ThrowsAsync<InvalidOperationException>(() => queued[1].Within()));
        await Task.WhenAll(running).Within();
        Assert.Contains(good.Record.Id, database.Stored);
        Assert.DoesNotContain(bad.Record.Id, database.Stored);
    }
}
