using Microsoft.Extensions.Options;

namespace FunnelStudio.Outbox;

/// <summary>
/// Delivers the outbox continuously, as each portal instance runs it: at most
/// <see cref="OutboxOptions.BatchSize"/> messages in delivery at a time (the slots), refilled with a new claim
/// as soon as half of them are free — not after the batch's slowest message, as one
/// <see cref="OutboxDispatcher.DispatchAsync"/> after another would. So the claim and the marking overlap with
/// deliveries, and a receiver that hangs holds one slot until its timeout, not the whole delivery. Delivered
/// messages are marked done together, one statement for all that finished while the previous one ran.
/// When a claim comes back short (nothing more is due) it waits for <see cref="IOutboxSignal"/> (a save that wrote
/// messages) or <see cref="OutboxOptions.PollInterval"/>. Claims, handlers, retries and dead letters are the
/// dispatcher's, unchanged: a message is claimed by one instance at a time, and delivered at least once.
/// </summary>
public sealed class OutboxPump(OutboxDispatcher dispatcher, IOutboxSignal signal, IOptions<OutboxOptions> options)
{
    private long _delivered;

    /// <summary>Messages delivered and marked done by this pump.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Delivers until <paramref name="stopping"/> is cancelled, then waits for the deliveries running; never throws.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        var slots = new SemaphoreSlim(settings.BatchSize, settings.BatchSize);
        var marker = new DoneMarker(dispatcher, count => Interlocked.Add(ref _delivered, count));
        // Claims of half the slots or more: one message per claim would cost a round trip per message.
        var refill = Math.Max(1, settings.BatchSize / 2);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var free = await TakeAsync(slots, refill, settings.BatchSize, stopping);
                var items = await dispatcher.ClaimAsync(free, stopping);
                if (items.Count < free) slots.Release(free - items.Count);
                foreach (var item in items) _ = DeliverAsync(item, settings, slots, marker, stopping);
                if (items.Count == free) continue;
                // Nothing more due now: a save that writes messages wakes us (PostgreSQL), else the poll interval.
                await signal.WaitAsync(settings.PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        // Stopping: handlers were told to stop (their messages come again after the lease); wait for them, then
        // mark what was delivered meanwhile.
        for (var i = 0; i < settings.BatchSize; i++) await slots.WaitAsync(CancellationToken.None);
        await marker.DrainAsync();
    }

    /// <summary>Waits for <paramref name="atLeast"/> free slots, then takes any others free too, up to <paramref name="max"/>.</summary>
    private static async Task<int> TakeAsync(SemaphoreSlim slots, int atLeast, int max, CancellationToken stopping)
    {
        var taken = 0;
        try
        {
            for (; taken < atLeast; taken++) await slots.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            if (taken > 0) slots.Release(taken);
            throw;
        }
        while (taken < max && slots.Wait(0)) taken++;
        return taken;
    }

    /// <summary>One message in one slot: the dispatcher delivers it (a failure it records itself), the marker marks it done.</summary>
    private async Task DeliverAsync(OutboxItem item, OutboxOptions settings, SemaphoreSlim slots, DoneMarker marker,
        CancellationToken stopping)
    {
        try
        {
            await Task.Yield(); // the claim loop goes on; the handler runs on the pool
            if (await dispatcher.DeliverAsync(item, settings, stopping) == OutboxDispatcher.Outcome.Handled) marker.Add(item.Id);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// Marks delivered messages done in as few statements as possible: what finished while a marking ran goes
    /// into the next one. A marking that fails leaves its messages to be claimed again (the dispatcher logs it).
    /// </summary>
    private sealed class DoneMarker(OutboxDispatcher dispatcher, Action<int> counted)
    {
        /// <summary>
        /// How long a marking waits for more messages to finish before it goes: marking at once marked one or two
        /// messages per statement at a few thousand a second (an EF update and a transaction each). A message
        /// stays leased meanwhile, so the wait changes nothing but the statement count.
        /// </summary>
        private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(5);

        private readonly Lock _gate = new();
        private List<long> _waiting = [];
        private Task _marking = Task.CompletedTask;
        private bool _running;

        public void Add(long id)
        {
            lock (_gate)
            {
                _waiting.Add(id);
                if (_running) return;
                _running = true;
                _marking = MarkAsync();
            }
        }

        public Task DrainAsync()
        {
            lock (_gate) return _marking;
        }

        private async Task MarkAsync()
        {
            await Task.Delay(Gather); // out of Add's lock; handlers finishing meanwhile join this statement
            while (true)
            {
                List<long> ids;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                    ids = _waiting;
                    _waiting = [];
                }
                foreach (var chunk in ids.Chunk(OutboxOptionsValidator.MaxBatchSize)) counted(await dispatcher.CompleteAsync(chunk));
            }
        }
    }
}
