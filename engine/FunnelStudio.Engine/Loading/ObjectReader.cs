using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads <c>objects/&lt;name&gt;.json</c>: fields, validation rules, pipeline and layouts.</summary>
internal static class ObjectReader
{
    /// <summary>Columns every record has; fields may not take these names.</summary>
    public static readonly IReadOnlySet<string> SystemFields =
        new HashSet<string> { "id", "created_at", "updated_at", "created_by", "updated_by", "version", "deleted" };

    private static readonly string[] Keys =
        ["name", "label", "pluralLabel", "titleField", "ownerField", "icon", "fields", "validationRules", "pipeline", "layouts", "triggers"];
    private static readonly string[] PipelineKeys = ["field", "stages", "reopenRole", "amountField", "closeDateField"];
    private static readonly string[] StageKeys =
        ["name", "label", "definition", "guidance", "probability", "exitCriteria", "entryCriteria", "requiredFields", "terminal", "stalledAfterDays"];
    private static readonly string[] LayoutKeys = ["form", "list"];

    public static (ObjectDefinition? Object, Dictionary<string, (JsonElement Value, string Path)> Defaults) Read(
        ElementReader reader, JsonElement root)
    {
        var defaults = new Dictionary<string, (JsonElement, string)>();
        if (!reader.ExpectObject(root, "$", Keys, "an object definition")) return (null, defaults);
        var name = reader.Name(root, "$", "Object");
        var label = reader.Text(root, "$", "label");

        var fields = new List<FieldDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "fields", required: true))
        {
            var (field, defaultValue) = FieldReader.Read(reader, item, path);
            if (field is null) continue;
            if (SystemFields.Contains(field.Name))
            {
                reader.Bag.Error(DiagnosticCodes.InvalidName, reader.File, ElementReader.Child(path, "name"),
                    $"'{field.Name}' is a system column every record has; choose another field name.");
                continue;
            }
            if (fields.Exists(f => f.Name == field.Name))
            {
                reader.Bag.Error(DiagnosticCodes.DuplicateName, reader.File, ElementReader.Child(path, "name"),
                    $"Field '{field.Name}' is defined twice in object '{name}'.");
                continue;
            }
            fields.Add(field);
            if (defaultValue is { } d) defaults[field.Name] = (d, ElementReader.Child(path, "default"));
        }

        var pipeline = ReadPipeline(reader, root);
        if (pipeline is not null) AddStageField(reader, fields, pipeline);

        if (name is null) return (null, defaults);
        return (new ObjectDefinition(name, label.IsEmpty ? LocalizedText.Of(name) : label, fields)
        {
            PluralLabel = reader.Text(root, "$", "pluralLabel"),
            TitleField = reader.String(root, "$", "titleField"),
            OwnerField = reader.String(root, "$", "ownerField"),
            Icon = reader.String(root, "$", "icon"),
            ValidationRules = RuleReader.ReadList(reader, root, "$", "validationRules"),
            Pipeline = pipeline,
            Layout = ReadLayout(reader, root),
            File = reader.File,
        }, defaults);
    }

    /// <summary>
    /// The stage field belongs to the engine: it is a picklist of the stage names, synthesized here so
    /// rules, forms and the API see it like any other field.
    /// </summary>
    private static void AddStageField(ElementReader reader, List<FieldDefinition> fields, PipelineDefinition pipeline)
    {
        var declared = fields.FindIndex(f => f.Name == pipeline.Field);
        var label = declared >= 0 ? fields[declared].Label : new LocalizedText(new Dictionary<string, string> { ["en"] = "Stage", ["zh-CN"] = "阶段" });
        var stageField = new FieldDefinition(pipeline.Field, FieldType.Picklist, label)
        {
            IsStageField = true,
            Indexed = true,
            Options = pipeline.Stages.Select(s => new PicklistOption(s.Name, s.Label)).ToArray(),
        };
        if (declared >= 0)
        {
            if (fields[declared].Type != FieldType.Picklist)
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, "$.pipeline.field",
                    $"The pipeline field '{pipeline.Field}' is declared as {FieldTypes.NameOf(fields[declared].Type)}; leave it out of 'fields' (the engine adds it) or make it a picklist.");
            fields[declared] = stageField;
        }
        else fields.Add(stageField);
    }

    private static PipelineDefinition? ReadPipeline(ElementReader reader, JsonElement root)
    {
        if (!reader.TryGet(root, "$", "pipeline", false, out var element)) return null;
        const string path = "$.pipeline";
        if (!reader.ExpectObject(element, path, PipelineKeys, "a pipeline")) return null;
        var field = reader.Has(element, "field") ? reader.Name(element, path, "Pipeline field", "field") : "stage";
        if (field is not null && SystemFields.Contains(field))
        {
            // Like a field, the stage field may not take a system column's name: the record shape
            // already has id/created_at/updated_at, and a second one made compiling throw.
            reader.Bag.Error(DiagnosticCodes.InvalidName, reader.File, ElementReader.Child(path, "field"),
                $"'{field}' is a system column every record has; choose another name for the stage field.");
            field = null;
        }
        var stages = new List<StageDefinition>();
        foreach (var (item, itemPath) in reader.Array(element, path, "stages", required: true))
        {
            var stage = ReadStage(reader, item, itemPath, stages.Count);
            if (stage is null) continue;
            if (stages.Exists(s => s.Name == stage.Name))
            {
                reader.Bag.Error(DiagnosticCodes.DuplicateName, reader.File, ElementReader.Child(itemPath, "name"),
                    $"Stage '{stage.Name}' is defined twice.");
                continue;
            }
            stages.Add(stage);
        }
        if (stages.Count == 0) return null;
        if (!stages.Exists(s => s.Terminal == StageTerminal.Won))
            reader.Bag.Report(DiagnosticCodes.NoWonStage, reader.File, ElementReader.Child(path, "stages"),
                "The pipeline has no stage with \"terminal\": \"won\"; every pipeline needs one to count wins.");
        if (!stages.Exists(s => !s.IsTerminal))
            reader.Bag.Report(DiagnosticCodes.NoOpenStage, reader.File, ElementReader.Child(path, "stages"),
                "The pipeline has only terminal stages; it needs at least one open stage.");
        return new PipelineDefinition(field ?? "stage", stages)
        {
            ReopenRole = reader.String(element, path, "reopenRole"),
            AmountField = reader.String(element, path, "amountField"),
            CloseDateField = reader.String(element, path, "closeDateField"),
        };
    }

    private static StageDefinition? ReadStage(ElementReader reader, JsonElement element, string path, int index)
    {
        if (!reader.ExpectObject(element, path, StageKeys, "a stage")) return null;
        var name = reader.Name(element, path, "Stage");
        var terminalText = reader.String(element, path, "terminal");
        var terminal = terminalText switch
        {
            null => StageTerminal.None,
            "won" => StageTerminal.Won,
            "lost" => StageTerminal.Lost,
            _ => (StageTerminal?)null,
        };
        if (terminal is null)
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "terminal"),
                $"'terminal' must be \"won\" or \"lost\", not \"{terminalText}\".");
        var probability = reader.Decimal(element, path, "probability");
        if (probability is < 0 or > 100)
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "probability"),
                $"Stage '{name}' probability must be between 0 and 100 (percent), not {probability}.");
        var stalledAfter = reader.Decimal(element, path, "stalledAfterDays");
        if (stalledAfter is not null && (stalledAfter < 1 || stalledAfter > 3650 || stalledAfter != decimal.Truncate(stalledAfter.Value)))
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "stalledAfterDays"),
                $"Stage '{name}' stalledAfterDays must be a whole number of days from 1 to 3650, not {stalledAfter}.");
        if (name is null) return null;
        var label = reader.Text(element, path, "label");
        return new StageDefinition(name, label.IsEmpty ? LocalizedText.Of(name) : label, index)
        {
            Definition = reader.Text(element, path, "definition"),
            Guidance = reader.Text(element, path, "guidance"),
            Probability = probability ?? (terminal == StageTerminal.Won ? 100 : 0),
            ExitCriteria = RuleReader.ReadList(reader, element, path, "exitCriteria"),
            EntryCriteria = RuleReader.ReadList(reader, element, path, "entryCriteria"),
            RequiredFields = reader.Strings(element, path, "requiredFields"),
            Terminal = terminal ?? StageTerminal.None,
            StalledAfterDays = stalledAfter is >= 1 and <= 3650 ? (int)stalledAfter.Value : null,
        };
    }

    private static LayoutDefinition ReadLayout(ElementReader reader, JsonElement root)
    {
        if (!reader.TryGet(root, "$", "layouts", false, out var element)) return new([], []);
        const string path = "$.layouts";
        if (!reader.ExpectObject(element, path, LayoutKeys, "layouts")) return new([], []);
        var sections = new List<LayoutSection>();
        if (reader.TryGet(element, path, "form", false, out var form) &&
            reader.ExpectObject(form, path + ".form", ["sections"], "a form layout"))
        {
            foreach (var (item, itemPath) in reader.Array(form, path + ".form", "sections"))
            {
                if (!reader.ExpectObject(item, itemPath, ["name", "label", "fields"], "a layout section")) continue;
                var name = reader.Name(item, itemPath, "Section") ?? $"section_{sections.Count + 1}";
                sections.Add(new LayoutSection(name, reader.Text(item, itemPath, "label"), reader.Strings(item, itemPath, "fields")));
            }
        }
        var columns = new List<string>();
        if (reader.TryGet(element, path, "list", false, out var list) &&
            reader.ExpectObject(list, path + ".list", ["columns"], "a list layout"))
            columns.AddRange(reader.Strings(list, path + ".list", "columns"));
        return new LayoutDefinition(sections, columns);
    }
}
