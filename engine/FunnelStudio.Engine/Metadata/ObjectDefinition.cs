namespace FunnelStudio.Metadata;

/// <summary>A custom object: its fields, validation rules, optional pipeline and layouts.</summary>
public sealed record ObjectDefinition(string Name, LocalizedText Label, IReadOnlyList<FieldDefinition> Fields)
{
    public LocalizedText PluralLabel { get; init; } = LocalizedText.Empty;
    public string? TitleField { get; init; }
    public string? Icon { get; init; }
    public IReadOnlyList<RuleDefinition> ValidationRules { get; init; } = [];
    public PipelineDefinition? Pipeline { get; init; }
    public LayoutDefinition Layout { get; init; } = new([], []);
    /// <summary>The file the object came from, relative to the package.</summary>
    public string File { get; init; } = "";

    public FieldDefinition? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
