using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// Replays the stored stage history of the live records against a draft version's gate, beside
/// the active version's: what the draft would have blocked (by rule, with examples), and
/// conversion and time in stage as it happened and as the draft would have let it happen.
/// </summary>
public interface IBacktestService
{
    Task<BacktestReport> RunAsync(CompiledPackage active, CompiledPackage draft, BacktestOptions? options, CancellationToken cancellationToken);
}
