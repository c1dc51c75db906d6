using System.Diagnostics;
using FunnelStudio.Access;
using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// <see cref="IBacktestService"/> over a history source and the user directory (the movers' roles):
/// streams the records through one <see cref="BacktestReplay"/>.
/// </summary>
public sealed class BacktestService(IBacktestSource source, IUserDirectory users) : IBacktestService
{
    public async Task<BacktestReport> RunAsync(CompiledPackage active, CompiledPackage draft, BacktestOptions? options,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var replay = new BacktestReplay(active, draft, await users.AllAsync(cancellationToken), options);
        if (replay.Objects.Count > 0)
            await foreach (var record in source.ReadAsync(replay.Objects, cancellationToken)) replay.Add(record);
        return replay.Report(clock.Elapsed);
    }
}
