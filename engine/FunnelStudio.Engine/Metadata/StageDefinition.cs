namespace FunnelStudio.Metadata;

/// <summary>Terminal stages end a pipeline: won or lost.</summary>
public enum StageTerminal
{
    None,
    Won,
    Lost,
}

/// <summary>A pipeline stage with its objective exit and entry criteria (准出/准入标准).</summary>
public sealed record StageDefinition(string Name, LocalizedText Label, int Index)
{
    public LocalizedText Definition { get; init; } = LocalizedText.Empty;
    public LocalizedText Guidance { get; init; } = LocalizedText.Empty;
    /// <summary>Win probability in percent, 0–100.</summary>
    public decimal Probability { get; init; }
    public IReadOnlyList<RuleDefinition> ExitCriteria { get; init; } = [];
    public IReadOnlyList<RuleDefinition> EntryCriteria { get; init; } = [];
    public IReadOnlyList<string> RequiredFields { get; init; } = [];
    public StageTerminal Terminal { get; init; }
    /// <summary>
    /// Days a record may stay in this (open) stage before analytics counts it as stalled
    /// (<c>"stalledAfterDays"</c>); null: the analytics default.
    /// </summary>
    public int? StalledAfterDays { get; init; }

    public bool IsTerminal => Terminal != StageTerminal.None;
}
