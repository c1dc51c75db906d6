using System.Collections.Concurrent;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// Hands out autonumbers so that concurrent creates do not each take a round trip and queue on the
/// one counter row: requests for a counter that arrive while its statement is running wait, then
/// one statement reserves as many numbers as are waiting and shares them out. A lone request still
/// gets its own statement at once, and every reserved number is handed out, so numbers stay dense
/// (a save that fails after numbering leaves a gap, as before). The counter row in the database
/// stays the only source: other processes sharing the database reserve from it too.
/// </summary>
internal sealed class CounterBatches(Func<string, string, int, Task<long>> reserveAsync)
{
    private readonly ConcurrentDictionary<(string Object, string Field), Counter> _counters = new();

    /// <summary>The next number of a counter (object and field already checked by the caller).</summary>
    public Task<long> NextAsync(string obj, string field, CancellationToken cancellationToken) =>
        _counters.GetOrAdd((obj, field), key => new Counter(key.Object, key.Field, reserveAsync)).NextAsync(cancellationToken);

    private sealed class Counter(string obj, string field, Func<string, string, int, Task<long>> reserveAsync)
    {
        private readonly Lock _gate = new();
        private List<TaskCompletionSource<long>> _waiting = [];
        private bool _running;

        public Task<long> NextAsync(CancellationToken cancellationToken)
        {
            var number = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool start;
            lock (_gate)
            {
                _waiting.Add(number);
                start = !_running;
                _running = true;
            }
            if (start) _ = Task.Run(RunAsync, CancellationToken.None);
            // A caller that gives up leaves its number unused (a gap), like a save that fails after numbering.
            return number.Task.WaitAsync(cancellationToken);
        }

        private async Task RunAsync()
        {
            while (true)
            {
                List<TaskCompletionSource<long>> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                    batch = _waiting;
                    _waiting = [];
                }
                try
                {
                    var last = await reserveAsync(obj, field, batch.Count);
                    for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(last - batch.Count + 1 + i);
                }
                catch (Exception e)
                {
                    foreach (var waiting in batch) waiting.TrySetException(e);
                }
            }
        }
    }
}
