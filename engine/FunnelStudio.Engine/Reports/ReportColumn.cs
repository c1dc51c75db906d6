using FunnelStudio.Metadata;

namespace FunnelStudio.Reports;

/// <summary>How a report compares, groups and measures a column's values.</summary>
public enum ReportValueKind
{
    Text,
    Number,
    /// <summary>A calendar day (<c>yyyy-MM-dd</c>): no time zone applies.</summary>
    Date,
    /// <summary>A moment in UTC: days, weeks and months are taken in the run's time zone.</summary>
    Instant,
    Choice,
    Boolean,
    User,
    /// <summary>Not usable in a report (long text, multi-select picklists).</summary>
    Unsupported,
}

/// <summary>
/// A field or system column of a report, resolved against the object: where the value is stored
/// (a system column of the record row, or the field's JSON value) and its <see cref="ReportValueKind"/>.
/// </summary>
public sealed record ReportColumn(string Name, ReportValueKind Kind)
{
    /// <summary>The record row's column (<c>stage</c>, <c>owner_id</c>, <c>created_at</c>, <c>updated_at</c>, <c>amount</c>), or null for a JSON value.</summary>
    public string? SystemColumn { get; init; }
    /// <summary>The field, when the column is one (null for created_at/updated_at).</summary>
    public FieldDefinition? Field { get; init; }

    public const string Stage = "stage";
    public const string Owner = "owner";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";

    public bool IsDate => Kind is ReportValueKind.Date or ReportValueKind.Instant;

    /// <summary>
    /// Resolves <paramref name="name"/> on <paramref name="obj"/>: a system name first, then a field.
    /// The pipeline's stage field and the owner field read their system columns (the same values, indexed),
    /// and the pipeline's amount field reads the amount column.
    /// </summary>
    public static ReportColumn? Resolve(ObjectDefinition obj, string name)
    {
        switch (name)
        {
            case Stage when obj.Pipeline is not null:
                return new ReportColumn(Stage, ReportValueKind.Choice) { SystemColumn = "stage", Field = obj.Field(obj.Pipeline.Field) };
            case Owner:
                return new ReportColumn(Owner, ReportValueKind.User) { SystemColumn = "owner_id", Field = obj.Owner };
            case CreatedAt or UpdatedAt when obj.Field(name) is null:
                return new ReportColumn(name, ReportValueKind.Instant) { SystemColumn = name };
        }
        if (obj.Field(name) is not { } field) return null;
        if (Saving.SystemColumns.Mirroring(obj, name) is { } mirrored)
            return Resolve(obj, mirrored == "stage" ? Stage : Owner) is { } system ? system with { Name = name } : null;
        var kind = KindOf(field);
        return new ReportColumn(name, kind)
        {
            Field = field,
            SystemColumn = obj.Amount?.Name == name ? "amount" : null,
        };
    }

    private static ReportValueKind KindOf(FieldDefinition field) => field.ValueType switch
    {
        FieldType.Number or FieldType.Currency or FieldType.Percent => ReportValueKind.Number,
        FieldType.Date => ReportValueKind.Date,
        FieldType.DateTime => ReportValueKind.Instant,
        FieldType.Picklist => ReportValueKind.Choice,
        FieldType.Boolean => ReportValueKind.Boolean,
        FieldType.User => ReportValueKind.User,
        FieldType.LongText or FieldType.MultiPicklist => ReportValueKind.Unsupported,
        _ => ReportValueKind.Text,
    };

    /// <summary>The operators a filter on this kind of column may use.</summary>
    public IReadOnlyList<string> Operators => Kind switch
    {
        ReportValueKind.Text => ["eq", "neq", "contains", "empty", "notempty"],
        ReportValueKind.Number => ["eq", "neq", "gt", "gte", "lt", "lte", "between", "empty"],
        ReportValueKind.Date or ReportValueKind.Instant => ["eq", "before", "after", "between", "lastNDays"],
        ReportValueKind.Choice => ["eq", "neq", "in"],
        ReportValueKind.Boolean => ["eq"],
        ReportValueKind.User => ["eq", "in"],
        _ => [],
    };
}
