namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// How a backtest reads the draft. <see cref="Mapping"/>'s stages rename the stages of stored moves
/// for the draft (a removed stage mapped as the publish would map it), so its moves are judged
/// instead of skipped. <see cref="Examples"/>: how many refused moves each rule lists.
/// </summary>
public sealed record BacktestOptions
{
    public static BacktestOptions Default { get; } = new();

    public PublishMapping Mapping { get; init; } = PublishMapping.None;

    public int Examples { get; init; } = 5;
}
