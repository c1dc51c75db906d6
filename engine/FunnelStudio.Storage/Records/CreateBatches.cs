using FunnelStudio.Saving;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// Coalesces concurrent creates on PostgreSQL. A create costs the database far more in statement,
/// trigger and transaction overhead than in the row itself, so creates that arrive while
/// <see cref="MaxRunning"/> batches are already running wait and then go together: one round trip,
/// one transaction, one totals update per key. A lone create still goes at once, on its own. If a
/// batch fails, nothing of it is stored (one transaction), and its creates are tried again one by
/// one, so a create that cannot be stored fails alone and the others succeed.
/// </summary>
internal sealed class CreateBatches(Func<IReadOnlyList<PersistRequest>, Task<IReadOnlyList<long>>> insertAsync)
{
    /// <summary>Batches at once: enough to keep two database cores busy, few enough that creates gather.</summary>
    public const int MaxRunning = 4;

    /// <summary>The most creates in one statement.</summary>
    public const int MaxBatch = 64;

    private readonly Lock _gate = new();
    private readonly Queue<(PersistRequest Request, TaskCompletionSource<long> Version)> _waiting = new();
    private int _running;

    /// <summary>
    /// Stores the create and returns its row version. Not cancellable once queued: the create may
    /// already be on its way with others, and a caller that gives up must not leave it half known.
    /// </summary>
    public Task<long> AddAsync(PersistRequest request)
    {
        var version = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Enqueue((request, version));
            start = _running < MaxRunning;
            if (start) _running++;
        }
        if (start) _ = Task.Run(RunAsync, CancellationToken.None);
        return version.Task;
    }

    private async Task RunAsync()
    {
        while (true)
        {
            var batch = new List<(PersistRequest Request, TaskCompletionSource<long> Version)>();
            lock (_gate)
            {
                while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next)) batch.Add(next);
                if (batch.Count == 0)
                {
                    _running--;
                    return;
                }
            }
            try
            {
                var versions = await insertAsync(batch.Select(b => b.Request).ToList());
                for (var i = 0; i < batch.Count; i++) batch[i].Version.TrySetResult(versions[i]);
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var (request, version) in batch)
                {
                    try
                    {
                        version.TrySetResult((await insertAsync([request]))[0]);
                    }
                    catch (Exception e)
                    {
                        version.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                batch[0].Version.TrySetException(e);
            }
        }
    }
}
