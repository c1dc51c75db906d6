using System.Globalization;
using FunnelStudio.Localization;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Binds the input by field type and merges it into the record. Unknown fields, computed fields
/// and read-only fields are field errors; the stage field among the values means a stage move.
/// Which fields the input named is kept for the permission check that follows.
/// </summary>
public sealed class BindValuesStep : ISaveStep
{
    public Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        if (command.Operation == SaveOperation.Delete) return Task.CompletedTask;
        var definition = context.Object.Definition;
        var stageField = definition.Pipeline?.Field;
        var bound = new Dictionary<string, object?>();
        var errors = new List<FieldError>();

        if (command.JsonValues is { } json)
        {
            var (values, jsonErrors) = ValueBinder.BindJson(definition, json);
            errors.AddRange(jsonErrors);
            foreach (var (field, value) in values) bound[field] = value;
            if (json.ValueKind == System.Text.Json.JsonValueKind.Object)
                foreach (var property in json.EnumerateObject())
                    if (ValueBinder.TryGetName(property) is { } name) context.InputFields.Add(name);
        }
        foreach (var (name, text) in command.FormValues ?? new Dictionary<string, string?>())
        {
            context.InputFields.Add(name);
            var field = definition.Field(name);
            if (field is null) errors.Add(new FieldError(name, "FIELD_UNKNOWN", EngineText.Format("unknownField", name)));
            else if (field.IsComputed) errors.Add(new FieldError(name, "FIELD_READ_ONLY", EngineText.Format("readOnly", field.Label)));
            else
            {
                var (value, error) = ValueBinder.BindText(field, text, CultureInfo.InvariantCulture);
                if (error is not null) errors.Add(error);
                else bound[name] = value;
            }
        }

        if (stageField is not null && bound.Remove(stageField, out var stage))
        {
            if (context.TargetStage is null && command.ToStage is null && stage is string s) context.TargetStage = s;
        }
        context.TargetStage ??= command.ToStage;

        foreach (var name in bound.Keys.ToList())
        {
            var field = definition.Field(name)!;
            // Seed and import may fill read-only fields (they carry data from elsewhere); users may not.
            if (field.ReadOnly && command.Source is not (SaveSource.Seed or SaveSource.Import))
            {
                errors.Add(new FieldError(name, "FIELD_READ_ONLY", EngineText.Format("readOnly", field.Label)));
                bound.Remove(name);
            }
        }

        foreach (var error in errors)
            context.Refuse(SaveStatus.ValidationFailed, Violation.FieldError(error.Code, error.Field, error.Message));
        context.Values = context.Values.With(bound);
        return Task.CompletedTask;
    }
}
