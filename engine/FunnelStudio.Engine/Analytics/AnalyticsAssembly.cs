using FunnelStudio.Metadata;

namespace FunnelStudio.Analytics;

/// <summary>Puts the store's rows into results: every stage present (zero when no row), in pipeline order.</summary>
internal static class AnalyticsAssembly
{
    public static FunnelSeries Funnel(AnalyticsScope scope, string? split, IEnumerable<StageCountRow> rows, bool hideAmount)
    {
        var byStage = rows.Where(r => r.Split == split).ToDictionary(r => r.Stage);
        FunnelStep Step(ScopeStage stage) => byStage.TryGetValue(stage.Name, out var row)
            ? new FunnelStep(stage.Name, row.Count, hideAmount ? null : row.Amount ?? 0)
            : new FunnelStep(stage.Name, 0, hideAmount ? null : 0);
        var steps = new List<FunnelStep>();
        foreach (var stage in scope.Stages.Where(s => s.Terminal != StageTerminal.Lost).OrderBy(s => s.Index))
        {
            var step = Step(stage);
            var previous = steps.Count == 0 ? null : steps[^1];
            steps.Add(step with { ConversionFromPrevious = previous is { Count: > 0 } ? (double)step.Count / previous.Count : null });
        }
        var lost = scope.Stages.Where(s => s.Terminal == StageTerminal.Lost).OrderBy(s => s.Index).Select(Step).ToList();
        return new FunnelSeries(split, steps, lost);
    }

    public static PeriodKpis Kpis(IReadOnlyList<PeriodKpiRow> rows, int period, string? split, bool hideAmount)
    {
        var row = rows.FirstOrDefault(r => r.Period == period && r.Split == split);
        if (row is null) return hideAmount ? PeriodKpis.Empty : PeriodKpis.Empty with { WonAmount = 0 };
        return new PeriodKpis(row.Created, row.Won, row.Lost,
            hideAmount ? null : row.WonAmount ?? 0, hideAmount ? null : row.AverageDealSize,
            row.CycleMedianDays, row.CycleMeanDays);
    }

    public static IReadOnlyList<StagePipeline> Pipeline(AnalyticsScope scope, IEnumerable<OpenStageRow> rows, bool hideAmount)
    {
        var byStage = rows.ToDictionary(r => r.Stage);
        return scope.Stages.Where(s => s.Terminal == StageTerminal.None).OrderBy(s => s.Index).Select(stage =>
            byStage.TryGetValue(stage.Name, out var row)
                ? new StagePipeline(stage.Name, row.Count, hideAmount ? null : row.Amount ?? 0, hideAmount ? null : row.Weighted ?? 0,
                    row.Stalled, stage.StalledAfterDays)
                : new StagePipeline(stage.Name, 0, hideAmount ? null : 0, hideAmount ? null : 0, 0, stage.StalledAfterDays))
            .ToList();
    }

    public static IReadOnlyList<StageTime> Times(AnalyticsScope scope, IEnumerable<StageTimeRow> rows)
    {
        var byStage = rows.ToDictionary(r => r.Stage);
        return scope.Stages.Where(s => s.Terminal == StageTerminal.None).OrderBy(s => s.Index).Select(stage =>
            byStage.TryGetValue(stage.Name, out var row)
                ? new StageTime(stage.Name, row.Records, row.MedianDays, row.P75Days)
                : new StageTime(stage.Name, 0, null, null))
            .ToList();
    }
}
