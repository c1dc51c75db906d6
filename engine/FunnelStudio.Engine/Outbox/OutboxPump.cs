using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Outbox;

/// <summary>
/// Delivers the outbox continuously, as each portal instance runs it: <see cref="OutboxOptions.BatchSize"/>
/// deliverers, each taking the next claimed message as soon as it is through with the last, and a claimer that keeps up
/// to <see cref="OutboxOptions.Prefetch"/> more claimed ahead of them, claiming again as soon as half of all it may hold
/// is free — not after a batch's slowest message, as one <see cref="OutboxDispatcher.DispatchAsync"/> after another
/// would. So the claim and the marking overlap with deliveries, each is shared by many messages, and a receiver that
/// hangs holds one deliverer until its timeout, not the whole delivery. Delivered messages are marked done together,
/// in the next claim's round trip (or on their own when no claim comes within 50 ms). When a claim comes back short
/// (nothing more is due) the claimer waits for <see cref="IOutboxSignal"/> (a save that wrote messages) or
/// <see cref="OutboxOptions.PollInterval"/>. Claims, handlers, retries and dead letters are the dispatcher's: a message
/// is claimed by one instance at a time, and delivered at least once.
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
        var run = new Run(settings.BatchSize + settings.Prefetch);
        var marker = new DoneMarker(dispatcher, count => Interlocked.Add(ref _delivered, count));
        // The deliverers take messages in the order they were claimed; like the bare loop a webhook sender would write,
        // a deliverer goes on to the next message without handing over to another thread.
        var deliverers = Enumerable.Range(0, settings.BatchSize).Select(_ => DeliverAsync(run, settings, marker, stopping)).ToArray();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var free = await run.RoomAsync(stopping);
                // What was delivered since the last claim is marked done in the claim's round trip.
                var delivered = marker.Take();
                var (items, marked) = await dispatcher.CompleteAndClaimAsync(delivered, free, stopping);
                if (marked == delivered.Count) marker.Counted(marked);
                else marker.Add(delivered); // the claim failed (or stopping cut it short): they are marked on their own
                run.Add(items);
                if (items.Count == free) continue;
                // Nothing more due now: a save that writes messages wakes us (PostgreSQL), else the poll interval.
                await signal.WaitAsync(settings.PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        // Stopping: handlers were told to stop (their messages come again after the lease); wait for them, mark what
        // was delivered meanwhile, and give back the messages no deliverer took, so they need not wait for the lease.
        await Task.WhenAll(deliverers);
        await marker.DrainAsync();
        await dispatcher.ReleaseAsync(run.Unstarted());
    }

    /// <summary>One deliverer: the next claimed message, delivered by the dispatcher (a failure it records itself), marked done by the marker.</summary>
    private async Task DeliverAsync(Run run, OutboxOptions settings, DoneMarker marker, CancellationToken stopping)
    {
        await Task.Yield(); // RunAsync goes on to start the others and claim
        while (await run.NextAsync(stopping) is { } item)
        {
            try
            {
                if (await dispatcher.DeliverAsync(item, settings, stopping) == OutboxDispatcher.Outcome.Handled) marker.Add(item.Id);
            }
            finally
            {
                run.Finished();
            }
        }
    }

    /// <summary>
    /// The messages an instance holds claimed: queued for a deliverer or being delivered, at most <c>capacity</c>. The
    /// claimer is woken once when half of that is free — one wake-up per claim, not one per message.
    /// </summary>
    private sealed class Run(int capacity)
    {
        private readonly Channel<OutboxItem> _queue = Channel.CreateUnbounded<OutboxItem>(new() { SingleWriter = true });
        private readonly SemaphoreSlim _halfFree = new(0);
        private readonly int _refill = Math.Max(1, capacity / 2); // claims of half or more: not a round trip per message
        private int _held;

        /// <summary>Waits until at least half of the capacity is free; returns how much is.</summary>
        public async Task<int> RoomAsync(CancellationToken stopping)
        {
            while (capacity - Volatile.Read(ref _held) < _refill) await _halfFree.WaitAsync(stopping);
            return capacity - Volatile.Read(ref _held);
        }

        public void Add(IReadOnlyList<OutboxItem> items)
        {
            Interlocked.Add(ref _held, items.Count);
            foreach (var item in items) _queue.Writer.TryWrite(item);
        }

        /// <summary>The next message; null when stopping (the ones still queued are <see cref="Unstarted"/>).</summary>
        public async ValueTask<OutboxItem?> NextAsync(CancellationToken stopping)
        {
            try
            {
                while (true)
                {
                    if (stopping.IsCancellationRequested) return null;
                    if (_queue.Reader.TryRead(out var item)) return item;
                    await _queue.Reader.WaitToReadAsync(stopping);
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        public void Finished()
        {
            // Crossing down to exactly half free wakes the claimer; it re-checks, so a wake-up too many costs nothing.
            if (Interlocked.Decrement(ref _held) == capacity - _refill) _halfFree.Release();
        }

        public List<long> Unstarted()
        {
            var ids = new List<long>();
            while (_queue.Reader.TryRead(out var item)) ids.Add(item.Id);
            return ids;
        }
    }

    /// <summary>
    /// Marks delivered messages done in as few statements as possible: the claimer takes them into its next claim's
    /// round trip (<see cref="Take"/>); what no claim took within <see cref="Gather"/> — the claimer waits when nothing
    /// more is due, or its room is full — is marked on its own, together with what finished while that ran. A marking
    /// that fails leaves its messages to be claimed again (the dispatcher logs it).
    /// </summary>
    private sealed class DoneMarker(OutboxDispatcher dispatcher, Action<int> counted)
    {
        /// <summary>
        /// How long delivered messages wait for a claim to take them before they are marked on their own. A message
        /// stays leased meanwhile, so the wait changes nothing but the statement count (and how soon the admin page
        /// shows it delivered); at a few thousand messages a second a claim comes every few milliseconds.
        /// </summary>
        private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

        private readonly Lock _gate = new();
        private List<long> _waiting = [];
        private Task _marking = Task.CompletedTask;
        private bool _running;

        public void Add(long id)
        {
            lock (_gate)
            {
                _waiting.Add(id);
                StartMarking();
            }
        }

        public void Add(IReadOnlyCollection<long> ids)
        {
            if (ids.Count == 0) return;
            lock (_gate)
            {
                _waiting.AddRange(ids);
                StartMarking();
            }
        }

        private void StartMarking()
        {
            if (_running) return;
            _running = true;
            _marking = MarkAsync();
        }

        /// <summary>The delivered messages not yet marked, for the claimer to mark; they are its to count.</summary>
        public List<long> Take()
        {
            lock (_gate)
            {
                var ids = _waiting;
                _waiting = [];
                return ids;
            }
        }

        public void Counted(int marked) => counted(marked);

        public Task DrainAsync()
        {
            lock (_gate) return _marking;
        }

        private async Task MarkAsync()
        {
            await Task.Delay(Gather); // out of Add's lock; a claim meanwhile takes what finished
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
