using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Versions;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>
/// Works out what publishing <c>next</c> over <c>active</c> does to the stored records, reading
/// only: per object, renamed fields (<c>renamedFrom</c>), fields removed (archived) or back
/// (restored), type changes (every stored value must convert exactly), removed picklist options
/// and removed stages still in use (each needs a mapping). Steps come in the order the migration
/// runs them: renames first, so a renamed field's values are converted under their new name.
/// </summary>
public sealed partial class SchemaPlanner(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options) : ISchemaPlanner
{
    /// <summary>How many record ids a problem names.</summary>
    public const int MaxExamples = 10;

    private readonly SchemaSql _sql = new(options.Provider);

    public async Task<SchemaPlan> PlanAsync(CompiledPackage active, CompiledPackage next, PublishMapping mapping, CancellationToken cancellationToken)
    {
        var plan = new PlanBuilder();
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        foreach (var obj in next.Objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            if (active.Object(obj.Name) is not { } before) continue; // a new object has no records to follow
            var context = new ObjectContext(session, before.Definition, obj.Definition, mapping, plan);
            await PlanFieldsAsync(context, cancellationToken);
            await PlanStagesAsync(context, cancellationToken);
        }
        return plan.Build();
    }

    private sealed record ObjectContext(StoreSession Session, ObjectDefinition Before, ObjectDefinition After, PublishMapping Mapping, PlanBuilder Plan)
    {
        public string Name => After.Name;
    }

    private async Task PlanFieldsAsync(ObjectContext context, CancellationToken cancellationToken)
    {
        var (before, after, plan) = (context.Before, context.After, context.Plan);
        var renamedFrom = after.Fields.Where(f => f.RenamedFrom is not null).Select(f => f.RenamedFrom!).ToHashSet(StringComparer.Ordinal);
        foreach (var field in after.Fields.Where(f => f.RenamedFrom is not null && !f.IsStageField && before.Field(f.Name) is null))
            await PlanRenameAsync(context, field, cancellationToken);
        // A renamed field new to this version is the rename's; one renamed in an earlier version is checked as any other.
        foreach (var field in after.Fields.Where(f => !f.IsStageField && (f.RenamedFrom is null || before.Field(f.Name) is not null)))
        {
            var old = before.Field(field.Name);
            if (old is null) await PlanRestoreAsync(context, field, cancellationToken);
            else if (old.ValueType != field.ValueType) await PlanConvertAsync(context, field, old.ValueType, cancellationToken);
            else if (field.ValueType is FieldType.Picklist or FieldType.MultiPicklist) await PlanOptionsAsync(context, old, field, cancellationToken);
        }
        foreach (var field in before.Fields.Where(f => after.Field(f.Name) is null && !renamedFrom.Contains(f.Name) && !f.IsStageField))
        {
            var holders = await ValuesAsync(context, field.Name, cancellationToken);
            plan.Step(SchemaStepKinds.ArchiveField, context.Name, field.Name, FieldTypes.NameOf(field.ValueType), null, holders.Count);
        }
    }

    /// <summary>
    /// The records holding the old name's values carry them over; when the type changed too, they
    /// must also convert. Nothing holds the old name any more (renamed before): nothing to do.
    /// </summary>
    private async Task PlanRenameAsync(ObjectContext context, FieldDefinition field, CancellationToken cancellationToken)
    {
        var from = field.RenamedFrom!;
        var values = await ValuesAsync(context, from, cancellationToken);
        var wasField = context.Before.Field(from);
        if (values.Count == 0 && wasField is null) return;
        var both = (await ValuesAsync(context, field.Name, cancellationToken)).Select(v => v.Id).Intersect(values.Select(v => v.Id)).ToList();
        if (both.Count > 0)
        {
            context.Plan.Problem(SchemaStepKinds.Unsafe, context.Name, field.Name,
                $"{both.Count} records of '{context.Name}' hold values under both '{from}' and '{field.Name}'; renaming would overwrite one.", both);
            return;
        }
        context.Plan.Step(SchemaStepKinds.RenameField, context.Name, field.Name, from, field.Name, values.Count);
        // Without the old field in the active version (renamed from archived values) the values say what they are.
        var oldType = wasField?.ValueType;
        if (oldType != field.ValueType)
            PlanConversion(context, field, oldType, values, fromLabel: oldType is null ? SchemaStepKinds.Archived : null);
    }

    /// <summary>A field new to this version: values stored under its name (archived by an earlier version) come back.</summary>
    private async Task PlanRestoreAsync(ObjectContext context, FieldDefinition field, CancellationToken cancellationToken)
    {
        var values = await ValuesAsync(context, field.Name, cancellationToken);
        if (values.Count == 0) return;
        var conversions = values.Select(v => (v.Id, Result: ValueConversion.Convert(null, field, v.Value))).ToList();
        var refused = conversions.Where(c => !c.Result.Converts).Select(c => c.Id).ToList();
        if (refused.Count > 0)
        {
            context.Plan.Problem(SchemaStepKinds.Unsafe, context.Name, field.Name,
                $"{refused.Count} archived values of '{context.Name}.{field.Name}' do not convert exactly to {FieldTypes.NameOf(field.ValueType)}.", refused);
            return;
        }
        context.Plan.Step(SchemaStepKinds.RestoreField, context.Name, field.Name, null, FieldTypes.NameOf(field.ValueType), values.Count);
        var rewrites = conversions.Count(c => c.Result.Rewrites);
        if (rewrites > 0)
            context.Plan.Step(SchemaStepKinds.ConvertField, context.Name, field.Name, SchemaStepKinds.Archived, FieldTypes.NameOf(field.ValueType), rewrites);
    }

    private async Task PlanConvertAsync(ObjectContext context, FieldDefinition field, FieldType from, CancellationToken cancellationToken) =>
        PlanConversion(context, field, from, await ValuesAsync(context, field.Name, cancellationToken), fromLabel: null);

    private static void PlanConversion(ObjectContext context, FieldDefinition field, FieldType? from, List<StoredFieldValue> values, string? fromLabel)
    {
        var fromName = fromLabel ?? FieldTypes.NameOf(from!.Value);
        var toName = FieldTypes.NameOf(field.ValueType);
        var conversions = values.Select(v => (v.Id, Result: ValueConversion.Convert(from, field, v.Value))).ToList();
        var refused = conversions.Where(c => !c.Result.Converts).Select(c => c.Id).ToList();
        if (refused.Count > 0)
        {
            var why = from is { } known && !ValueConversion.IsAllowed(known, field.ValueType)
                ? $"{fromName} does not convert to {toName} without loss"
                : $"the values do not all convert exactly from {fromName} to {toName}";
            context.Plan.Problem(SchemaStepKinds.Unsafe, context.Name, field.Name,
                $"{refused.Count} records of '{context.Name}' hold values of '{field.Name}' that cannot be kept: {why}.", refused);
            return;
        }
        var rewrites = conversions.Count(c => c.Result.Rewrites);
        if (from is not null && from != field.ValueType || rewrites > 0)
            context.Plan.Step(SchemaStepKinds.ConvertField, context.Name, field.Name, fromName, toName, rewrites);
    }

    /// <summary>Every option the new version drops that records hold needs a mapping to an option it keeps.</summary>
    private async Task PlanOptionsAsync(ObjectContext context, FieldDefinition before, FieldDefinition after, CancellationToken cancellationToken)
    {
        var removed = before.Options.Select(o => o.Name).Where(o => !after.HasOption(o)).ToList();
        if (removed.Count == 0) return;
        var values = await ValuesAsync(context, after.Name, cancellationToken);
        var fieldMap = context.Mapping.Options.GetValueOrDefault(after.Name);
        foreach (var option in removed)
        {
            var holders = values.Where(v => OptionValues.Holds(v.Value, option)).ToList();
            var target = fieldMap?.GetValueOrDefault(option);
            if (target is not null && !after.HasOption(target))
                context.Plan.Problem(SchemaStepKinds.NeedsMapping, context.Name, after.Name,
                    $"Option '{option}' of '{context.Name}.{after.Name}' is mapped to '{target}', which is not an option of the new version.",
                    holders.Select(h => h.Id).ToList(), option);
            else if (target is not null)
                context.Plan.Step(SchemaStepKinds.MapOption, context.Name, after.Name, option, target, holders.Count);
            else if (holders.Any(h => !h.Deleted))
                context.Plan.Problem(SchemaStepKinds.NeedsMapping, context.Name, after.Name,
                    $"{holders.Count(h => !h.Deleted)} records of '{context.Name}' hold option '{option}' of '{after.Name}', which the new version removes: map it to one of {string.Join(", ", after.Options.Select(o => o.Name))}.",
                    holders.Where(h => !h.Deleted).Select(h => h.Id).ToList(), option);
        }
    }

    private async Task<List<StoredFieldValue>> ValuesAsync(ObjectContext context, string field, CancellationToken cancellationToken) =>
        SqlNames.IsValid(field) ? await StoredFieldValues.ReadAsync(context.Session, null, _sql, context.Name, field, cancellationToken) : [];
}
