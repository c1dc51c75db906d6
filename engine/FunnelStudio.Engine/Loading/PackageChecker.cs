using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Loading;

/// <summary>
/// The loader's second pass: meaning across files — lookups, field references in layouts, stages
/// and rules, roles, duplicate rule names, defaults. Expressions are checked by the compiler.
/// </summary>
internal static class PackageChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        foreach (var obj in package.Objects)
        {
            CheckFields(package, obj, bag);
            CheckLayout(obj, bag);
            CheckRuleNames(obj, obj.ValidationRules, "$.validationRules", bag);
            CheckRuleFields(obj, obj.ValidationRules, bag);
            if (obj.Pipeline is { } pipeline) CheckPipeline(package, obj, pipeline, bag);
        }
    }

    private static void CheckFields(PackageDefinition package, ObjectDefinition obj, DiagnosticBag bag)
    {
        foreach (var field in obj.Fields.Where(f => f.Type == FieldType.Lookup && f.Target is not null))
            if (package.Object(field.Target!) is null)
                bag.Report(DiagnosticCodes.UnknownLookupTarget, obj.File, field.Path + ".target",
                    $"Lookup '{field.Name}' targets object '{field.Target}', which the package does not define.");
        foreach (var field in obj.Fields.Where(f => f.RenamedFrom is not null))
        {
            var from = field.RenamedFrom!;
            if (!ElementReader.IsValidName(from))
                bag.Report(DiagnosticCodes.InvalidRename, obj.File, field.Path + ".renamedFrom",
                    $"Field '{field.Name}' is renamed from '{from}', which is not a valid field name (^[a-z][a-z0-9_]{{0,62}}$).");
            else if (obj.Field(from) is not null)
                bag.Report(DiagnosticCodes.InvalidRename, obj.File, field.Path + ".renamedFrom",
                    $"Field '{field.Name}' is renamed from '{from}', but '{obj.Name}' still has a field '{from}'.");
            else if (obj.Fields.TakeWhile(f => f != field).Any(f => f.RenamedFrom == from))
                bag.Report(DiagnosticCodes.InvalidRename, obj.File, field.Path + ".renamedFrom",
                    $"Field '{field.Name}' is renamed from '{from}', like another field of '{obj.Name}': one field's values cannot go to two.");
        }
        if (obj.TitleField is { } title && obj.Field(title) is null)
            bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, "$.titleField",
                $"Title field '{title}' is not a field of object '{obj.Name}'.");
    }

    private static void CheckLayout(ObjectDefinition obj, DiagnosticBag bag)
    {
        for (var s = 0; s < obj.Layout.FormSections.Count; s++)
        {
            var section = obj.Layout.FormSections[s];
            for (var i = 0; i < section.Fields.Count; i++)
                if (obj.Field(section.Fields[i]) is null)
                    bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, $"$.layouts.form.sections[{s}].fields[{i}]",
                        $"Form section '{section.Name}' lists '{section.Fields[i]}', which is not a field of '{obj.Name}'.");
        }
        for (var i = 0; i < obj.Layout.ListColumns.Count; i++)
        {
            var column = obj.Layout.ListColumns[i];
            if (obj.Field(column) is null && !ObjectReader.SystemFields.Contains(column))
                bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, $"$.layouts.list.columns[{i}]",
                    $"List column '{column}' is not a field of '{obj.Name}'.");
        }
    }

    private static void CheckPipeline(PackageDefinition package, ObjectDefinition obj, PipelineDefinition pipeline, DiagnosticBag bag)
    {
        if (pipeline.ReopenRole is { } role && package.Roles.Count > 0 && !package.Roles.Any(r => r.Name == role))
            bag.Report(DiagnosticCodes.UnknownRole, obj.File, "$.pipeline.reopenRole",
                $"Reopen role '{role}' is not one of the package's roles ({string.Join(", ", package.Roles.Select(r => r.Name))}).");
        foreach (var stage in pipeline.Stages)
        {
            var path = $"$.pipeline.stages[{stage.Index}]";
            for (var i = 0; i < stage.RequiredFields.Count; i++)
                if (obj.Field(stage.RequiredFields[i]) is null)
                    bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, $"{path}.requiredFields[{i}]",
                        $"Stage '{stage.Name}' requires field '{stage.RequiredFields[i]}', which object '{obj.Name}' does not have.");
            CheckRuleNames(obj, stage.ExitCriteria.Concat(stage.EntryCriteria).ToList(), path, bag);
            CheckRuleFields(obj, stage.ExitCriteria.Concat(stage.EntryCriteria), bag);
        }
    }

    private static void CheckRuleNames(ObjectDefinition obj, IReadOnlyList<RuleDefinition> rules, string path, DiagnosticBag bag)
    {
        var seen = new HashSet<string>();
        foreach (var rule in RuleReader.Flatten(rules))
            if (!seen.Add(rule.Name))
                bag.Report(DiagnosticCodes.DuplicateName, obj.File, rule.Path + ".name",
                    $"Rule name '{rule.Name}' is used twice in {path} of '{obj.Name}'; results would be ambiguous.");
    }

    private static void CheckRuleFields(ObjectDefinition obj, IEnumerable<RuleDefinition> rules, DiagnosticBag bag)
    {
        foreach (var rule in RuleReader.Flatten(rules))
            if (rule.Field is { } field && obj.Field(field) is null)
                bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, rule.Path + ".field",
                    $"Rule '{rule.Name}' points its message at field '{field}', which object '{obj.Name}' does not have.");
    }

    /// <summary>Binds each field's JSON default to its type; returns the object with bound defaults.</summary>
    public static ObjectDefinition BindDefaults(ObjectDefinition obj, IReadOnlyDictionary<string, (JsonElement Value, string Path)> defaults, DiagnosticBag bag)
    {
        if (defaults.Count == 0) return obj;
        var fields = obj.Fields.Select(field =>
        {
            if (!defaults.TryGetValue(field.Name, out var d)) return field;
            if (field.IsComputed)
            {
                bag.Report(DiagnosticCodes.InvalidDefault, obj.File, d.Path, $"Field '{field.Name}' is computed and cannot have a default.");
                return field;
            }
            var (value, error) = ValueBinder.BindJson(field, d.Value);
            if (error is null) return field with { Default = value };
            bag.Report(DiagnosticCodes.InvalidDefault, obj.File, d.Path, $"Default of '{field.Name}' does not fit: {error.Message.Get("en")}");
            return field;
        }).ToArray();
        return obj with { Fields = fields };
    }
}
