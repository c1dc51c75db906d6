using FunnelStudio.Analytics;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Analytics;

/// <summary>
/// The CTEs that end in <c>ids</c>, the record set behind one figure — the same sets
/// <see cref="EfAnalyticsStore"/> aggregates, written with the same <see cref="AnalyticsSql"/> parts.
/// </summary>
internal static class DrillSets
{
    public static string With(AnalyticsSql sets, AnalyticsScope scope, DrillQuery query)
    {
        var target = query.Target;
        var period = query.Period;
        var stage = target.Stage is { } name ? $"'{SqlNames.Require(name, "stage")}'" : null;
        var obj = SqlNames.Require(scope.Object, "object");
        switch (target.Kind)
        {
            case DrillKind.Created:
                return $"{sets.Base()}, ids AS (SELECT b.id FROM b WHERE {sets.Within("b.created_at", period)})";
            case DrillKind.Won or DrillKind.Lost or DrillKind.Closed:
                var outcome = target.Kind switch
                {
                    DrillKind.Won => $" AND to_stage IN {sets.WonStages}",
                    DrillKind.Lost => $" AND to_stage NOT IN {sets.WonStages}",
                    _ => "",
                };
                return $"{sets.Periods([period])}, {sets.Base()}, {sets.Closings()}, ids AS (SELECT id FROM cl WHERE rn = 1{outcome})";
            case DrillKind.Funnel when target.Mode == FunnelMode.Period:
                return $"{sets.Base()}, ids AS (SELECT DISTINCT h.record_id AS id FROM stage_history h JOIN b ON b.id = h.record_id " +
                       $"WHERE h.object = '{obj}' AND h.to_stage = {stage} AND {sets.Within("h.at", period)}{sets.HistoryOwners()})";
            case DrillKind.Funnel:
                var lost = scope.Stages.Any(s => s.Name == target.Stage && s.Terminal == StageTerminal.Lost);
                var cohort = $"{sets.Stages(period.End)}, {sets.Base()}, co AS (SELECT b.id, b.stage FROM b WHERE {sets.Within("b.created_at", period)})";
                return lost
                    ? $"{cohort}, ids AS (SELECT co.id FROM co WHERE co.stage = {stage})"
                    : $"{cohort}, {sets.Reach("co")}, ids AS (SELECT rc.id FROM rc JOIN st ON st.name = {stage} WHERE rc.reach >= st.idx)";
            case DrillKind.LeftStage:
                return $"{sets.Base()}, ids AS (SELECT DISTINCT h.record_id AS id FROM stage_history h JOIN b ON b.id = h.record_id " +
                       $"WHERE h.object = '{obj}' AND h.from_stage = {stage} AND {sets.Within("h.at", period)}{sets.HistoryOwners()})";
            case DrillKind.Open or DrillKind.Stalled:
                var inStage = stage is null ? "" : $" AND b.stage = {stage}";
                var stalled = target.Kind == DrillKind.Stalled ? " AND COALESCE(b.stage_entered_at, b.created_at) < st.cutoff" : "";
                return $"{sets.Stages(query.Now)}, {sets.Base()}, ids AS (SELECT b.id FROM b JOIN st ON st.name = b.stage AND st.kind = 0{inStage}{stalled})";
            default:
                throw new ArgumentOutOfRangeException(nameof(query), target.Kind, "Unknown drill-down.");
        }
    }
}
