namespace FunnelStudio.Analytics;

/// <summary>
/// The period figures of one slice: what was created, won and lost in the period and how long wins
/// took. A record's closing in a period is its last move into a terminal stage within the period, so
/// a deal lost and later won counts as lost in the first period and won in the second, once each.
/// Amounts are null when the user may not see the amount field.
/// </summary>
public sealed record PeriodKpis(long Created, long Won, long Lost, decimal? WonAmount, decimal? AverageDealSize,
    double? CycleMedianDays, double? CycleMeanDays)
{
    public static readonly PeriodKpis Empty = new(0, 0, 0, null, null, null, null);

    public long Closed => Won + Lost;

    /// <summary>Won ÷ closed; null when nothing closed.</summary>
    public double? WinRate => Closed == 0 ? null : (double)Won / Closed;
}

/// <summary>One step of the funnel: a stage and how many records reached (cohort) or entered (period) it.</summary>
public sealed record FunnelStep(string Stage, long Count, decimal? Amount)
{
    /// <summary>This step's count ÷ the previous step's; null for the first step or after an empty one.</summary>
    public double? ConversionFromPrevious { get; init; }
}

/// <summary>The funnel of one slice (<see cref="Split"/> null: everything): open and won stages in order, lost beside.</summary>
public sealed record FunnelSeries(string? Split, IReadOnlyList<FunnelStep> Steps, IReadOnlyList<FunnelStep> Lost);

public sealed record FunnelResult(FunnelMode Mode, Period Period, IReadOnlyList<FunnelSeries> Series);

/// <summary>
/// How long records stayed in a stage, over the moves out of it in the period: median and 75th
/// percentile in days (linear interpolation), and how many distinct records left it.
/// </summary>
public sealed record StageTime(string Stage, long Records, double? MedianDays, double? P75Days);

/// <summary>The open pipeline of one stage now: count, amount, weighted amount and the records stalled in it.</summary>
public sealed record StagePipeline(string Stage, long Count, decimal? Amount, decimal? Weighted, long Stalled, int StalledAfterDays);

/// <summary>Every KPI of one slice (<see cref="Split"/> null: everything).</summary>
public sealed record KpiSet(string? Split, PeriodKpis Current, PeriodKpis Previous,
    IReadOnlyList<StagePipeline> Pipeline, IReadOnlyList<StageTime> TimeInStage)
{
    public long OpenCount => Pipeline.Sum(s => s.Count);
    public decimal? PipelineAmount => Pipeline.All(s => s.Amount is null) ? null : Pipeline.Sum(s => s.Amount ?? 0);
    public decimal? WeightedPipeline => Pipeline.All(s => s.Weighted is null) ? null : Pipeline.Sum(s => s.Weighted ?? 0);
    public long Stalled => Pipeline.Sum(s => s.Stalled);
}

public sealed record KpiResult(Period Period, Period Previous, DateTime AsOf, IReadOnlyList<KpiSet> Sets);

/// <summary>One bucket of a trend.</summary>
public sealed record TrendPoint(Period Period, PeriodKpis Kpis);

public sealed record TrendSeries(string? Split, IReadOnlyList<TrendPoint> Points);

/// <summary>A published config version, marked on every trend chart on the day it went live.</summary>
public sealed record VersionMarker(long Id, string Version, DateTime PublishedAt);

public sealed record TrendResult(TrendInterval Interval, Period Range, IReadOnlyList<TrendSeries> Series,
    IReadOnlyList<VersionMarker> Versions);

/// <summary>
/// The effect of a change: conversion, win rate and time in stage for the <see cref="Weeks"/> weeks
/// before a version went live and the weeks after it (the after side ends now when it is not over yet).
/// </summary>
public sealed record VersionEffect(VersionMarker Version, int Weeks, Period Before, Period After,
    PeriodKpis KpisBefore, PeriodKpis KpisAfter, FunnelSeries FunnelBefore, FunnelSeries FunnelAfter,
    IReadOnlyList<StageTime> TimeBefore, IReadOnlyList<StageTime> TimeAfter);
