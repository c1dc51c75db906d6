using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Outbox;

/// <summary>
/// Delivers due outbox messages: claims a batch (<see cref="IOutboxStore.ClaimAsync"/>), runs the
/// <see cref="IOutboxHandler"/> of each message's kind — concurrently, a scoped or transient one in a service scope
/// of its own, each with <see cref="OutboxOptions.HandlerTimeout"/> — and records each outcome: done; pending
/// again after its backoff (<see cref="OutboxBackoff"/>); dead after the last attempt or when no
/// handler knows the kind. Side effects fail open: one handler's exception never reaches another
/// message, the save that wrote it, or the caller — <see cref="DispatchAsync"/> does not throw.
/// Delivery is at least once: a handler must tolerate running again for a message it already delivered
/// (an instance that dies after the handler and before recording it leaves the message to be claimed again).
/// </summary>
public sealed class OutboxDispatcher(IOutboxStore store, IServiceScopeFactory scopes, OutboxHandlerCatalog handlers, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    /// <summary>What became of one message: <see cref="Handled"/> means delivered, not yet marked done.</summary>
    internal enum Outcome { Handled, Retrying, Dead, Unsettled }

    /// <summary>Claims one batch and delivers it. Returns what happened; never throws (a cancelled token ends it early).</summary>
    public async Task<OutboxBatch> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var items = await ClaimAsync(settings.BatchSize, cancellationToken);
        if (items.Count == 0) return OutboxBatch.None;
        var outcomes = await Task.WhenAll(items.Select(item => DeliverAsync(item, settings, cancellationToken)));
        var delivered = await CompleteAsync(items.Where((_, i) => outcomes[i] == Outcome.Handled).Select(i => i.Id).ToList());
        return new OutboxBatch(items.Count, delivered, outcomes.Count(o => o == Outcome.Retrying),
            outcomes.Count(o => o == Outcome.Dead), items.Count - delivered - outcomes.Count(o => o is Outcome.Retrying or Outcome.Dead));
    }

    /// <summary>Claims up to <paramref name="max"/> due messages; none when the claim failed (logged).</summary>
    internal async Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, CancellationToken cancellationToken) =>
        (await CompleteAndClaimAsync([], max, cancellationToken)).Claimed;

    /// <summary>
    /// Marks <paramref name="delivered"/> done and claims up to <paramref name="max"/> more, in one round trip. Returns the
    /// claimed messages and how many were recorded as delivered; none of either when it failed (logged): the delivered
    /// ones are then claimed again when their lease runs out — delivery is at least once.
    /// </summary>
    internal async Task<(IReadOnlyList<OutboxItem> Claimed, int Marked)> CompleteAndClaimAsync(IReadOnlyCollection<long> delivered, int max,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await store.CompleteAndClaimAsync(delivered, max, options.Value.Lease, cancellationToken), delivered.Count);
        }
        catch (Exception e)
        {
            if (!cancellationToken.IsCancellationRequested)
                logger.LogWarning(e, "Claiming outbox messages (and recording {Count} delivered ones) failed", delivered.Count);
            return ([], 0);
        }
    }

    /// <summary>
    /// Marks the batch's delivered messages done, in one statement rather than one per message (a round
    /// trip and a transaction each). The marking waits for the batch's slowest handler, which the next claim
    /// waits for anyway; an instance that dies meanwhile leaves them to be delivered again, as before.
    /// Returns how many are recorded as delivered: none when the marking failed (their lease runs out).
    /// </summary>
    internal async Task<int> CompleteAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0) return 0;
        try
        {
            await store.CompleteAsync(ids, CancellationToken.None);
            return ids.Count;
        }
        catch (Exception e)
        {
            // The database failed: the lease runs out and the messages are claimed again, so they may be
            // delivered twice — delivery is at least once.
            logger.LogWarning(e, "Recording {Count} outbox messages as delivered failed", ids.Count);
            return 0;
        }
    }

    /// <summary>
    /// Gives back claimed messages no handler was started for (the pump stopped while they waited for a slot): due
    /// again at once, the attempt not counted. Never throws: when it fails, their lease runs out as after a crash.
    /// </summary>
    internal async Task ReleaseAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0) return;
        try
        {
            await store.ReleaseAsync(ids, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Giving back {Count} claimed outbox messages failed; they are claimed again when their lease runs out", ids.Count);
        }
    }

    /// <summary>
    /// Refuses handlers that cannot be told apart: a blank kind, or two handlers of one kind (which one
    /// delivers would depend on registration order). Called once at start by the host.
    /// </summary>
    public IReadOnlyList<string> CheckHandlers() => handlers.Kinds.ToList();

    /// <summary>
    /// Runs the message's handler (a scoped one in a scope of its own) and records a failure (retry or dead letter);
    /// a success is returned as <see cref="Outcome.Handled"/> for the caller to mark done with others. Never throws.
    /// </summary>
    internal async Task<Outcome> DeliverAsync(OutboxItem item, OutboxOptions settings, CancellationToken stopping)
    {
        try
        {
            string? error;
            if (handlers.Shared(item.Kind) is { } shared) error = await RunAsync(shared, item, settings, stopping);
            else if (await RunInScopeAsync(item, settings, stopping) is { Found: true } run) error = run.Error;
            else return await SettleAsync(item, $"No handler delivers messages of kind '{item.Kind}'.", null);
            if (error is null) return Outcome.Handled;
            var retryAt = OutboxBackoff.RetryAt(item.Attempts, settings, time.GetUtcNow().UtcDateTime, Random.Shared.NextDouble());
            return await SettleAsync(item, error, retryAt);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: not the handler's failure. The lease runs out and the message is claimed again.
            return Outcome.Unsettled;
        }
        catch (Exception e)
        {
            // Recording the outcome failed (the database): the lease runs out and the message is
            // claimed again, so a delivered one may be delivered twice — delivery is at least once.
            logger.LogWarning(e, "Recording the outcome of outbox message {Id} ({Kind}) failed", item.Id, item.Kind);
            return Outcome.Unsettled;
        }
    }

    /// <summary>
    /// A scoped or transient handler: made in a scope of the message's own (only this kind's, see OutboxHandlerCatalog)
    /// and disposed after. Not <c>Found</c> when no handler delivers the kind.
    /// </summary>
    private async Task<(bool Found, string? Error)> RunInScopeAsync(OutboxItem item, OutboxOptions settings, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (handlers.Create(scope.ServiceProvider, item.Kind) is not var (handler, owned)) return (false, null);
        try
        {
            return (true, await RunAsync(handler, item, settings, stopping));
        }
        finally
        {
            if (owned) await DisposeAsync(handler);
        }
    }

    /// <summary>
    /// Runs the handler within the timeout; null when it succeeded, else why it failed. The timeout is
    /// on the real clock even when tests give the dispatcher another one: a handler runs in real time,
    /// the injected clock decides what is due and when a retry comes.
    /// </summary>
    private static async Task<string?> RunAsync(IOutboxHandler handler, OutboxItem item, OutboxOptions settings, CancellationToken stopping)
    {
        // One source per message, cancelled by stopping or by its timer: whichever fired is told by the stopping token.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(settings.HandlerTimeout);
        Task? work = null;
        try
        {
            // WaitAsync as well as the token: a handler that ignores its token is left behind, not waited for. On the
            // same token, so the one timer ends both (a second timer per message was measurable).
            work = handler.HandleAsync(item, limit.Token);
            await work.WaitAsync(limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException || e is OperationCanceledException && limit.IsCancellationRequested)
        {
            return $"The handler did not finish within {settings.HandlerTimeout.TotalSeconds:0.###} s.";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            // A handler left behind by WaitAsync is told to stop now: disposing the sources unsignalled
            // would leave its token uncancelled for good. One that finished needs nothing (most: no Cancel per message).
            if (work is not { IsCompleted: true }) CancelQuietly(limit);
        }
    }

    private static async ValueTask DisposeAsync(IOutboxHandler handler)
    {
        if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else if (handler is IDisposable disposable) disposable.Dispose();
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // A handler's own cancellation callback failed; the attempt's outcome stands.
        }
    }

    /// <summary>Records a failed attempt: pending again at <paramref name="retryAt"/>, or dead when it is null.</summary>
    private async Task<Outcome> SettleAsync(OutboxItem item, string error, DateTime? retryAt)
    {
        await store.FailAsync(item.Id, error, retryAt, CancellationToken.None);
        if (retryAt is null)
        {
            logger.LogError("Outbox message {Id} ({Kind}) is dead after {Attempts} attempt(s): {Error}", item.Id, item.Kind, item.Attempts, error);
            return Outcome.Dead;
        }
        logger.LogWarning("Outbox message {Id} ({Kind}) failed attempt {Attempts}, next at {RetryAt:O}: {Error}",
            item.Id, item.Kind, item.Attempts, retryAt, error);
        return Outcome.Retrying;
    }
}
