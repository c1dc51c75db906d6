using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Config.Schema;

public sealed partial class SchemaPlanner
{
    /// <summary>
    /// A stage the new version drops while live records are in it needs a mapping to a stage of the
    /// new pipeline (<c>mapping.Stages[old]</c>); a mapping to a stage the new pipeline lacks is a
    /// problem whether or not records are there.
    /// </summary>
    private async Task PlanStagesAsync(ObjectContext context, CancellationToken cancellationToken)
    {
        if (context.Before.Pipeline is not { } before) return;
        var after = context.After.Pipeline;
        foreach (var stage in before.Stages.Select(s => s.Name).Where(s => after?.Find(s) is null))
        {
            var (live, all, examples) = await InStageAsync(context, stage, cancellationToken);
            var target = context.Mapping.Stages.GetValueOrDefault(stage);
            if (target is not null && after?.Find(target) is null)
                context.Plan.Problem(SchemaStepKinds.NeedsMapping, context.Name, after?.Field,
                    $"Stage '{stage}' of '{context.Name}' is mapped to '{target}', which is not a stage of the new pipeline" +
                    (after is null ? " (it has none)." : $" ({string.Join(", ", after.Stages.Select(s => s.Name))})."), examples, stage);
            else if (target is not null)
                context.Plan.Step(SchemaStepKinds.MapStage, context.Name, after!.Field, stage, target, all);
            else if (live > 0)
                context.Plan.Problem(SchemaStepKinds.NeedsMapping, context.Name, after?.Field ?? before.Field,
                    $"{live} records of '{context.Name}' are in stage '{stage}', which the new version removes: map it to a stage of the new pipeline.",
                    examples, stage);
        }
    }

    /// <summary>How many live records are in the stage, how many records at all (deleted ones move too), and a few live ones.</summary>
    private static async Task<(int Live, int All, List<Guid> Examples)> InStageAsync(ObjectContext context, string stage, CancellationToken cancellationToken)
    {
        var sql = context.Session.Command();
        var obj = sql.Param(SqlNames.Require(context.Name, "object"));
        var name = sql.Param(stage);
        sql.Append($"SELECT COUNT(*), COALESCE(SUM(CASE WHEN deleted THEN 0 ELSE 1 END), 0) FROM records WHERE object = {obj} AND stage = {name};\n")
            .Append($"SELECT id FROM records WHERE object = {obj} AND stage = {name} AND deleted = FALSE ORDER BY id LIMIT {MaxExamples}");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (all, live) = (Convert.ToInt32(reader.GetValue(0)), Convert.ToInt32(reader.GetValue(1)));
        await reader.NextResultAsync(cancellationToken);
        var examples = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken)) examples.Add(reader.GetGuid(0));
        return (live, all, examples);
    }
}
