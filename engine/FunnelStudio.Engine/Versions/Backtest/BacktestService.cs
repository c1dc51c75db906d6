using System.Diagnostics;
using System.Threading.Channels;
using FunnelStudio.Access;
using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// <see cref="IBacktestService"/> over a history source and the user directory (the movers' roles).
/// Reading and replaying overlap: the source streams records into a bounded queue while one replay
/// per processor takes them off it (each record whole, so a record's moves stay in order), and the
/// replays are added up at the end. The queue bounds memory whatever the size of the history.
/// </summary>
public sealed class BacktestService(IBacktestSource source, IUserDirectory users) : IBacktestService
{
    private const int QueueLength = 4096;

    public async Task<BacktestReport> RunAsync(CompiledPackage active, CompiledPackage draft, BacktestOptions? options,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var directory = await users.AllAsync(cancellationToken);
        var replays = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount))
            .Select(_ => new BacktestReplay(active, draft, directory, options)).ToArray();
        var objects = replays[0].Objects;
        if (objects.Count == 0) return replays[0].Report(clock.Elapsed);

        var queue = Channel.CreateBounded<HistoricalRecord>(new BoundedChannelOptions(QueueLength) { SingleWriter = true });
        var workers = replays.Select(replay => Task.Run(async () =>
        {
            await foreach (var record in queue.Reader.ReadAllAsync(cancellationToken)) replay.Add(record);
        }, cancellationToken)).ToArray();
        try
        {
            await foreach (var record in source.ReadAsync(objects, cancellationToken)) await queue.Writer.WriteAsync(record, cancellationToken);
            queue.Writer.Complete();
        }
        catch (Exception e)
        {
            queue.Writer.Complete(e);
            throw;
        }
        finally
        {
            // Never leave a worker behind, whatever happened to the reading.
            await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
        await Task.WhenAll(workers);
        foreach (var replay in replays.Skip(1)) replays[0].Absorb(replay);
        return replays[0].Report(clock.Elapsed);
    }
}
