using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage.Tracing;

/// <summary>
/// Writes queued save traces as they come, in batches (<see cref="EfSaveTraceStore.WriteQueuedAsync"/>):
/// under load a batch gathers what queued while the previous one was written. Fails open: a batch
/// that cannot be written is dropped, logged, and the writer pauses a moment before going on. On
/// shutdown it writes what is still queued, for a few seconds at most.
/// </summary>
public sealed class SaveTraceWriter(EfSaveTraceStore store, ILogger<SaveTraceWriter> logger) : BackgroundService
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FlushOnStop = TimeSpan.FromSeconds(5);
    private long _reportedDrops;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await store.WaitForTracesAsync(stoppingToken))
            {
                if (!await WriteAsync(stoppingToken)) await Task.Delay(PauseAfterFailure, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var flush = new CancellationTokenSource(FlushOnStop);
            await WriteAsync(flush.Token);
        }
    }

    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var ok = true;
        try
        {
            await store.WriteQueuedAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Writing save traces failed; the batch is dropped");
            ok = false;
        }
        catch (OperationCanceledException)
        {
            ok = false;
        }
        var dropped = store.Dropped;
        if (dropped > _reportedDrops)
        {
            logger.LogWarning("{Count} save traces dropped since start (queue full or write failed)", dropped);
            _reportedDrops = dropped;
        }
        return ok;
    }
}
