namespace FunnelStudio.Metadata;

/// <summary>A custom object: its fields, validation rules, optional pipeline and layouts.</summary>
public sealed record ObjectDefinition(string Name, LocalizedText Label, IReadOnlyList<FieldDefinition> Fields)
{
    public LocalizedText PluralLabel { get; init; } = LocalizedText.Empty;
    public string? TitleField { get; init; }
    /// <summary>
    /// The <c>user</c> field naming the record's owner (<c>"ownerField"</c>): set to the creator by
    /// default, required, and what the <c>own</c> and <c>team</c> permission scopes are measured by.
    /// Null: the object has no owner; its records count as their creator's.
    /// </summary>
    public string? OwnerField { get; init; }
    public string? Icon { get; init; }
    public IReadOnlyList<RuleDefinition> ValidationRules { get; init; } = [];
    public PipelineDefinition? Pipeline { get; init; }
    public LayoutDefinition Layout { get; init; } = new([], []);
    /// <summary>The file the object came from, relative to the package.</summary>
    public string File { get; init; } = "";

    public FieldDefinition? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The owner field's definition, when the object declares one.</summary>
    public FieldDefinition? Owner => OwnerField is null ? null : Field(OwnerField);

    /// <summary>
    /// The field a record's title comes from: <see cref="TitleField"/>, else the first text field. The
    /// title names a record wherever it is listed, searched or linked, so this field is never hidden.
    /// </summary>
    public string? EffectiveTitleField => TitleField ?? Fields.FirstOrDefault(f => f.Type == FieldType.Text)?.Name;

    /// <summary>The pipeline's amount field's definition, when the pipeline declares one.</summary>
    public FieldDefinition? Amount => Pipeline?.AmountField is { } amount ? Field(amount) : null;

    /// <summary>The pipeline's expected-close field's definition, when the pipeline declares one.</summary>
    public FieldDefinition? CloseDate => Pipeline?.CloseDateField is { } close ? Field(close) : null;
}
