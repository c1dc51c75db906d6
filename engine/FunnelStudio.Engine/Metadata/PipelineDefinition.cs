namespace FunnelStudio.Metadata;

/// <summary>An object's pipeline: the stage field and its ordered stages.</summary>
public sealed record PipelineDefinition(string Field, IReadOnlyList<StageDefinition> Stages)
{
    /// <summary>The role allowed to move a record out of a terminal stage back to an open one.</summary>
    public string? ReopenRole { get; init; }

    /// <summary>
    /// The currency (or number) field behind the board's sums, weighted amounts and the amount
    /// recorded with each stage move (<c>"amountField"</c>); null when the pipeline counts only.
    /// </summary>
    public string? AmountField { get; init; }

    /// <summary>
    /// The date (or date-time) field holding a record's expected close (<c>"closeDateField"</c>): what
    /// the forecast groups the open pipeline by month with. Null: no forecast for this pipeline.
    /// </summary>
    public string? CloseDateField { get; init; }

    public StageDefinition? Find(string? name) =>
        name is null ? null : Stages.FirstOrDefault(s => s.Name == name);

    public StageDefinition First => Stages[0];
}
