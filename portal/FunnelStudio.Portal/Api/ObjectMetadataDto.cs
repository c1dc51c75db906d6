using FunnelStudio.Access;
using FunnelStudio.Metadata;

namespace FunnelStudio.Portal.Api;

/// <summary>The published package's objects, with every label in the request's language.</summary>
public sealed record PackageMetadataDto(string Package, string Version, string Label, string Locale, IReadOnlyList<ObjectMetadataDto> Objects);

public sealed record ObjectMetadataDto(string Name, string Label, string PluralLabel, string? TitleField,
    IReadOnlyList<FieldMetadataDto> Fields, PipelineMetadataDto? Pipeline, IReadOnlyList<LayoutSectionDto> FormSections, IReadOnlyList<string> ListColumns)
{
    /// <summary>
    /// The object as <paramref name="access"/>'s user sees it: hidden fields left out everywhere (fields,
    /// form sections, list columns, stages' required fields, the amount field), fields they may only
    /// read marked read-only, and what they may do with its records (<see cref="Permissions"/>).
    /// </summary>
    public static ObjectMetadataDto From(ObjectAccess access, string locale)
    {
        var obj = access.Object;
        bool Visible(string field) => !access.IsHidden(field);
        return new ObjectMetadataDto(
            obj.Name, obj.Label.Get(locale), (obj.PluralLabel.IsEmpty ? obj.Label : obj.PluralLabel).Get(locale), obj.TitleField,
            access.VisibleFields.Select(f => FieldMetadataDto.From(f, locale) is var dto && !access.CanWrite(f.Name) ? dto with { ReadOnly = true } : dto).ToArray(),
            obj.Pipeline is { } pipeline ? PipelineMetadataDto.From(pipeline, locale, Visible) : null,
            obj.Layout.FormSections.Select(s => new LayoutSectionDto(s.Name, s.Label.Get(locale), s.Fields.Where(Visible).ToArray())).ToArray(),
            obj.Layout.ListColumns.Where(Visible).ToArray())
        {
            OwnerField = obj.OwnerField,
            AmountField = obj.Pipeline?.AmountField is { } amount && Visible(amount) ? amount : null,
            Permissions = new PermissionsDto(Scope(access.Permission.Read), access.CanCreate, Scope(access.Permission.Edit), Scope(access.Permission.Delete)),
        };
    }

    public string? OwnerField { get; init; }
    public string? AmountField { get; init; }
    /// <summary>What the requesting user may do with the object's records.</summary>
    public PermissionsDto? Permissions { get; init; }

    private static string Scope(AccessScope scope) => scope.ToString().ToLowerInvariant();
}

/// <summary>The requesting user's permissions on an object: scopes none, own, team or all.</summary>
public sealed record PermissionsDto(string Read, bool Create, string Edit, string Delete);

public sealed record FieldMetadataDto(string Name, string Type, string Label, string? Help, bool Required, bool ReadOnly, bool Unique)
{
    public IReadOnlyList<OptionDto>? Options { get; init; }
    public string? Target { get; init; }
    public string? Currency { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public int? MaxLength { get; init; }
    public int? Precision { get; init; }
    public string? Returns { get; init; }
    public object? Default { get; init; }

    public static FieldMetadataDto From(FieldDefinition field, string locale) =>
        new(field.Name, TypeName(field.Type), field.Label.Get(locale), field.Help.IsEmpty ? null : field.Help.Get(locale),
            field.Required, field.ReadOnly || field.IsComputed || field.IsStageField, field.Unique)
        {
            Options = field.Options.Count == 0 ? null : field.Options.Select(o => new OptionDto(o.Name, o.Label.Get(locale))).ToArray(),
            Target = field.Target,
            Currency = field.Currency,
            Min = field.Min,
            Max = field.Max,
            MaxLength = field.MaxLength,
            Precision = field.Precision,
            Returns = field.Returns is { } returns ? TypeName(returns) : null,
            Default = field.Default is DateTime d ? d.ToString("O") : field.Default,
        };

    /// <summary>The package's spelling of a field type (<c>multipicklist</c>, <c>datetime</c> …).</summary>
    public static string TypeName(FieldType type) => type.ToString().ToLowerInvariant();
}

public sealed record OptionDto(string Name, string Label);

public sealed record PipelineMetadataDto(string Field, IReadOnlyList<StageMetadataDto> Stages)
{
    /// <summary>The pipeline; a stage's required fields only as far as <paramref name="visible"/> lets the user see them.</summary>
    public static PipelineMetadataDto From(PipelineDefinition pipeline, string locale, Func<string, bool> visible) => new(pipeline.Field,
        pipeline.Stages.Select(s => new StageMetadataDto(s.Name, s.Label.Get(locale), s.Definition.Get(locale), s.Guidance.Get(locale),
            s.Probability, s.Terminal == StageTerminal.None ? null : s.Terminal.ToString().ToLowerInvariant(),
            s.RequiredFields.Where(visible).ToArray())).ToArray());
}

public sealed record StageMetadataDto(string Name, string Label, string Definition, string Guidance, decimal Probability,
    string? Terminal, IReadOnlyList<string> RequiredFields);

public sealed record LayoutSectionDto(string Name, string Label, IReadOnlyList<string> Fields);
