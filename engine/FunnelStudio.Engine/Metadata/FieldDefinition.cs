namespace FunnelStudio.Metadata;

/// <summary>A field of an object, with the options its type uses (others stay null).</summary>
public sealed record FieldDefinition(string Name, FieldType Type, LocalizedText Label)
{
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public bool Indexed { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>The default value, already bound to the field's type.</summary>
    public object? Default { get; init; }
    public LocalizedText Help { get; init; } = LocalizedText.Empty;
    public int? MaxLength { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public int? Precision { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<PicklistOption> Options { get; init; } = [];
    /// <summary>For lookups: the target object's name.</summary>
    public string? Target { get; init; }
    /// <summary>For lookups: what deleting the target record does to records pointing to it.</summary>
    public LookupDeleteRule OnDelete { get; init; }
    /// <summary>For formulas: the expression and the type it returns.</summary>
    public string? Expression { get; init; }
    public FieldType? Returns { get; init; }
    /// <summary>For autonumbers: a format like <c>DEAL-{0000}</c>.</summary>
    public string? Format { get; init; }
    /// <summary>
    /// The name this field had in the previous version (<c>"renamedFrom"</c>): publishing carries the
    /// stored values and field history over to the new name. Kept in later versions, it does nothing more.
    /// </summary>
    public string? RenamedFrom { get; init; }
    /// <summary>True for the pipeline's stage field, which the engine owns.</summary>
    public bool IsStageField { get; init; }
    /// <summary>Where the field was declared (JSON path in its object file).</summary>
    public string Path { get; init; } = "";

    /// <summary>The type values have: a formula's result type, otherwise the field's own.</summary>
    public FieldType ValueType => Type == FieldType.Formula ? Returns ?? FieldType.Text : Type;

    /// <summary>Computed by the engine; a form or API may never set it.</summary>
    public bool IsComputed => Type is FieldType.Formula or FieldType.AutoNumber;

    public bool HasOption(string name) => Options.Any(o => o.Name == name);
}

/// <summary>What deleting a record does to the records whose lookup points to it (<c>"onDelete"</c>).</summary>
public enum LookupDeleteRule
{
    /// <summary>The delete is refused while live records point to it (the default).</summary>
    Restrict,
    /// <summary>The lookup of every pointing record is emptied.</summary>
    Clear,
    /// <summary>Every pointing record is deleted too (refused unless the user may delete each).</summary>
    Cascade,
}
