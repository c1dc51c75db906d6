namespace FunnelStudio.Analytics;

/// <summary>
/// The SQL behind the analytics, implemented by FunnelStudio.Storage on both providers. Every method
/// reads one <see cref="AnalyticsScope"/> (object, stages, owner and field filters, split) that the
/// engine built from the package and the user's access; the store decides nothing about access.
/// Each figure is one record set and an aggregate over it, and <see cref="DrillAsync"/> lists the
/// same set, so a list's count equals the number it was opened from.
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>Created, won, lost, won amounts and sales cycle per period and slice.</summary>
    Task<IReadOnlyList<PeriodKpiRow>> PeriodKpisAsync(AnalyticsScope scope, IReadOnlyList<Period> periods, CancellationToken cancellationToken);

    /// <summary>Per slice and stage: records that reached (cohort) or entered (period) it.</summary>
    Task<IReadOnlyList<StageCountRow>> FunnelAsync(AnalyticsScope scope, Period period, FunnelMode mode, CancellationToken cancellationToken);

    /// <summary>Per slice and stage: the time spent in the stage by the moves out of it in the period.</summary>
    Task<IReadOnlyList<StageTimeRow>> TimeInStageAsync(AnalyticsScope scope, Period period, CancellationToken cancellationToken);

    /// <summary>Per slice and open stage: the records in it at <paramref name="now"/>, their amounts and the stalled ones.</summary>
    Task<IReadOnlyList<OpenStageRow>> OpenPipelineAsync(AnalyticsScope scope, DateTime now, CancellationToken cancellationToken);

    /// <summary>One page of the records of a set, newest first, and the set's size.</summary>
    Task<DrillPage> DrillAsync(AnalyticsScope scope, DrillQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// What the store reads: the object and its stages, the owners the figures may reach (null: all —
/// the user's read scope already intersected with the owner or team filter), picklist filters and
/// the split. Names in it passed the loader's name check.
/// </summary>
public sealed record AnalyticsScope(string Object, IReadOnlyList<ScopeStage> Stages)
{
    public IReadOnlyList<string>? Owners { get; init; }
    public IReadOnlyList<AnalyticsFieldFilter> Fields { get; init; } = [];
    /// <summary>Null: no split; <c>"owner"</c>; else a picklist field.</summary>
    public string? SplitBy { get; init; }
    /// <summary>How long one query may run before <see cref="AnalyticsErrors.Timeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>A stage as the SQL needs it: order, probability (percent), kind and stalled threshold in days.</summary>
public sealed record ScopeStage(string Name, int Index, decimal Probability, Metadata.StageTerminal Terminal, int StalledAfterDays);

/// <summary>Which set a <see cref="IAnalyticsStore.DrillAsync"/> lists, for which period and slice.</summary>
public sealed record DrillQuery(DrillTarget Target, Period Period, DateTime Now, int Page, int PageSize);

public sealed record PeriodKpiRow(int Period, string? Split, long Created, long Won, long Lost, decimal? WonAmount,
    decimal? AverageDealSize, double? CycleMedianDays, double? CycleMeanDays);

public sealed record StageCountRow(string? Split, string Stage, long Count, decimal? Amount);

public sealed record StageTimeRow(string? Split, string Stage, long Records, double? MedianDays, double? P75Days);

public sealed record OpenStageRow(string? Split, string Stage, long Count, decimal? Amount, decimal? Weighted, long Stalled);
