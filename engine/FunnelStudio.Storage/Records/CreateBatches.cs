using FunnelStudio.Saving;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// Coalesces concurrent creates on PostgreSQL. A create costs the database far more in statement,
/// trigger and transaction overhead than in the row itself, so creates that arrive while
/// <see cref="MaxRunning"/> batches are already running wait and then go together: one round trip,
/// one transaction, one totals update per key. A lone create still goes at once, on its own.
/// <list type="bullet">
/// <item>At most <c>maxQueued</c> creates wait; one more is refused at once with
/// <see cref="StoreOverloadedException"/> rather than waiting behind minutes of work.</item>
/// <item>A waiting create is cancelled with its caller's token: it leaves the queue and is never
/// stored. Once its batch is on its way it is not: the batch is one statement for all of its
/// creates, so the caller waits for the outcome, which is then known (stored or not) rather than
/// left to chance by a caller that gave up.</item>
/// <item>If a batch fails, nothing of it is stored (one transaction), and its creates are tried
/// again one by one, so a create that cannot be stored fails alone and the others succeed.</item>
/// <item>If the connection breaks while a batch is on its way, whether it committed is unknown. The
/// record ids are made before the insert, so <c>findStoredAsync</c> looks them up: the stored ones
/// succeed, the others are tried again one by one (an id can be stored only once, so a retry can
/// never store a record twice). When the database cannot be reached to find out,
/// <see cref="DatabaseUnavailableException"/>.</item>
/// </list>
/// </summary>
/// <param name="insertAsync">Stores the creates in one transaction; returns their row versions in order.</param>
/// <param name="findStoredAsync">
/// The row versions of those of the ids that are stored; throws <see cref="DatabaseUnavailableException"/>
/// when the database cannot be reached to tell.
/// </param>
/// <param name="maxQueued">How many creates may wait while every batch slot is busy.</param>
internal sealed class CreateBatches(
    Func<IReadOnlyList<PersistRequest>, Task<IReadOnlyList<long>>> insertAsync,
    Func<IReadOnlyList<Guid>, Task<IReadOnlyDictionary<Guid, long>>> findStoredAsync,
    int maxQueued)
{
    /// <summary>Batches at once: enough to keep two database cores busy, few enough that creates gather.</summary>
    public const int MaxRunning = 4;

    /// <summary>The most creates in one statement.</summary>
    public const int MaxBatch = 64;

    /// <summary>How often one create is sent while its outcome stays unknown and it turns out not stored.</summary>
    public const int MaxAttempts = 3;

    private readonly Lock _gate = new();
    // Only creates that wait for a busy runner are here: while a runner is free, a create goes at once.
    private readonly LinkedList<Create> _waiting = new();
    private int _running;
    private int _writing;

    /// <summary>Creates waiting for a batch (for monitoring).</summary>
    public int Queued
    {
        get { lock (_gate) return _waiting.Count; }
    }

    /// <summary>Creates waiting or in a batch on its way (for monitoring).</summary>
    public int Pending
    {
        get { lock (_gate) return _waiting.Count + _writing; }
    }

    /// <summary>
    /// Stores the create and returns its row version. <paramref name="cancellationToken"/> cancels it
    /// only while it waits for a batch (see the class).
    /// </summary>
    public Task<long> AddAsync(PersistRequest request, CancellationToken cancellationToken)
    {
        var create = new Create(request);
        // Registered first: a token cancelled meanwhile marks the create before it is queued.
        if (cancellationToken.CanBeCanceled) create.Cancellation = cancellationToken.Register(() => Cancel(create, cancellationToken));
        List<Create>? batch = null;
        lock (_gate)
        {
            if (create.Cancelled) return create.Version.Task;
            if (_running < MaxRunning)
            {
                _running++;
                _writing++;
                create.Taken = true;
                batch = [create];
            }
            else if (_waiting.Count >= maxQueued)
            {
                create.Taken = true;
            }
            else
            {
                create.Node = _waiting.AddLast(create);
            }
        }
        if (create.Node is not null) return create.Version.Task;
        create.Cancellation.Dispose();
        if (batch is null)
            return Task.FromException<long>(
                new StoreOverloadedException($"{maxQueued} creates are already waiting for the database; try again in a moment."));
        _ = Task.Run(() => RunAsync(batch), CancellationToken.None);
        return create.Version.Task;
    }

    private void Cancel(Create create, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Already taken into a batch: that batch decides.
            if (create.Taken) return;
            if (create.Node is not null) _waiting.Remove(create.Node);
            create.Cancelled = true;
        }
        create.Version.TrySetCanceled(cancellationToken);
    }

    private async Task RunAsync(List<Create> batch)
    {
        while (true)
        {
            await WriteAsync(batch);
            lock (_gate)
            {
                _writing -= batch.Count;
                batch = [];
                while (batch.Count < MaxBatch && _waiting.First is { } first)
                {
                    _waiting.RemoveFirst();
                    first.Value.Taken = true;
                    batch.Add(first.Value);
                }
                if (batch.Count == 0)
                {
                    _running--;
                    return;
                }
                _writing += batch.Count;
            }
            // Outside the lock: a cancellation running now waits for it, then finds the create taken.
            foreach (var create in batch) create.Cancellation.Dispose();
        }
    }

    private async Task WriteAsync(List<Create> batch)
    {
        try
        {
            var versions = await insertAsync(batch.Select(c => c.Request).ToList());
            for (var i = 0; i < batch.Count; i++) batch[i].Version.TrySetResult(versions[i]);
        }
        catch (DatabaseUnavailableException e)
        {
            // No connection: nothing was sent.
            foreach (var create in batch) create.Version.TrySetException(e);
        }
        catch (Exception e) when (DatabaseFailures.IsConnectionFailure(e))
        {
            IReadOnlyDictionary<Guid, long> stored;
            try
            {
                stored = await findStoredAsync(batch.Select(c => c.Request.Record.Id).ToList());
            }
            catch (DatabaseUnavailableException unavailable)
            {
                foreach (var create in batch) create.Version.TrySetException(unavailable);
                return;
            }
            foreach (var create in batch)
            {
                if (stored.TryGetValue(create.Request.Record.Id, out var version)) create.Version.TrySetResult(version);
                else await WriteOneAsync(create, afterUnknownOutcome: true);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var create in batch) await WriteOneAsync(create, afterUnknownOutcome: false);
        }
        catch (Exception e)
        {
            batch[0].Version.TrySetException(e);
        }
    }

    /// <summary>One create on its own, sent again while its outcome is unknown and it is not stored.</summary>
    private async Task WriteOneAsync(Create create, bool afterUnknownOutcome)
    {
        var id = create.Request.Record.Id;
        for (var attempt = afterUnknownOutcome ? 2 : 1; ; attempt++)
        {
            try
            {
                create.Version.TrySetResult((await insertAsync([create.Request]))[0]);
                return;
            }
            // After an unknown outcome, "this id is already stored" means the earlier attempt did commit.
            catch (Exception e) when (e is not DatabaseUnavailableException
                && (DatabaseFailures.IsConnectionFailure(e) || attempt > 1 && DatabaseFailures.IsDuplicateRecord(e)))
            {
                try
                {
                    if ((await findStoredAsync([id])).TryGetValue(id, out var version))
                    {
                        create.Version.TrySetResult(version);
                        return;
                    }
                    if (attempt >= MaxAttempts)
                    {
                        create.Version.TrySetException(new DatabaseUnavailableException(
                            "The connection to the database broke each time the record was sent, and it was not found stored.", e));
                        return;
                    }
                }
                catch (DatabaseUnavailableException unavailable)
                {
                    create.Version.TrySetException(unavailable);
                    return;
                }
            }
            catch (Exception e)
            {
                create.Version.TrySetException(e);
                return;
            }
        }
    }

    private sealed class Create(PersistRequest request)
    {
        public PersistRequest Request { get; } = request;
        public TaskCompletionSource<long> Version { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Cancellation { get; set; }
        // The fields below change under the gate only.
        public LinkedListNode<Create>? Node { get; set; }
        /// <summary>In a batch (or refused): no longer cancellable.</summary>
        public bool Taken { get; set; }
        public bool Cancelled { get; set; }
    }
}
