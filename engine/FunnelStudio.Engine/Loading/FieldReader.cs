using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads one field definition with the options its type uses.</summary>
internal static class FieldReader
{
    private static readonly string[] Keys =
    [
        "name", "type", "label", "required", "unique", "default", "indexed", "readOnly", "help",
        "maxLength", "min", "max", "precision", "currency", "options", "target", "onDelete", "expression", "returns", "format",
        "renamedFrom",
    ];

    private static readonly string[] OptionKeys = ["name", "label"];

    public static (FieldDefinition? Field, JsonElement? Default) Read(ElementReader reader, JsonElement element, string path)
    {
        if (!reader.ExpectObject(element, path, Keys, "a field")) return (null, null);
        var name = reader.Name(element, path, "Field");
        var typeName = reader.String(element, path, "type", required: true);
        FieldType type = default;
        if (typeName is not null && !FieldTypes.TryParse(typeName, out type))
        {
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "type"),
                $"Field '{name}' has unknown type '{typeName}'. Known types: {string.Join(", ", FieldTypes.Names)}.");
            typeName = null;
        }
        var label = reader.Text(element, path, "label");
        if (name is null || typeName is null) return (null, null);

        var field = new FieldDefinition(name, type, label.IsEmpty ? LocalizedText.Of(name) : label)
        {
            Required = reader.Bool(element, path, "required"),
            Unique = reader.Bool(element, path, "unique"),
            Indexed = reader.Bool(element, path, "indexed"),
            ReadOnly = reader.Bool(element, path, "readOnly") || type is FieldType.Formula or FieldType.AutoNumber,
            Help = reader.Text(element, path, "help"),
            MaxLength = reader.Int(element, path, "maxLength", 1, 1_000_000),
            Min = reader.Decimal(element, path, "min"),
            Max = reader.Decimal(element, path, "max"),
            Precision = reader.Int(element, path, "precision", 0, 18),
            Currency = reader.String(element, path, "currency"),
            Target = reader.String(element, path, "target"),
            OnDelete = ReadOnDelete(reader, element, path),
            Expression = reader.String(element, path, "expression"),
            Format = reader.String(element, path, "format"),
            RenamedFrom = reader.String(element, path, "renamedFrom"),
            Options = ReadOptions(reader, element, path),
            Returns = ReadReturns(reader, element, path),
            Path = path,
        };
        CheckTypeOptions(reader, field, path);
        JsonElement? defaultValue = reader.TryGet(element, path, "default", false, out var d) ? d.Clone() : null;
        return (field, defaultValue);
    }

    private static IReadOnlyList<PicklistOption> ReadOptions(ElementReader reader, JsonElement element, string path)
    {
        var options = new List<PicklistOption>();
        var seen = new HashSet<string>();
        foreach (var (item, itemPath) in reader.Array(element, path, "options"))
        {
            // An option may be written as a bare name or as { name, label }.
            if (item.ValueKind == JsonValueKind.String)
            {
                var bare = item.GetString()!;
                if (!ElementReader.IsValidName(bare))
                    reader.Bag.Error(DiagnosticCodes.InvalidName, reader.File, itemPath, $"Option name '{bare}' is invalid.");
                else if (seen.Add(bare)) options.Add(new PicklistOption(bare, LocalizedText.Of(bare)));
                else reader.Bag.Error(DiagnosticCodes.DuplicateName, reader.File, itemPath, $"Option '{bare}' is listed twice.");
                continue;
            }
            if (!reader.ExpectObject(item, itemPath, OptionKeys, "a picklist option")) continue;
            var name = reader.Name(item, itemPath, "Option");
            if (name is null) continue;
            if (!seen.Add(name))
            {
                reader.Bag.Error(DiagnosticCodes.DuplicateName, reader.File, itemPath, $"Option '{name}' is listed twice.");
                continue;
            }
            var label = reader.Text(item, itemPath, "label");
            options.Add(new PicklistOption(name, label.IsEmpty ? LocalizedText.Of(name) : label));
        }
        return options;
    }

    private static LookupDeleteRule ReadOnDelete(ElementReader reader, JsonElement element, string path)
    {
        var text = reader.String(element, path, "onDelete");
        switch (text)
        {
            case null or "restrict": return LookupDeleteRule.Restrict;
            case "clear": return LookupDeleteRule.Clear;
            case "cascade": return LookupDeleteRule.Cascade;
            default:
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "onDelete"),
                    $"'onDelete' must be \"restrict\", \"clear\" or \"cascade\", not \"{text}\".");
                return LookupDeleteRule.Restrict;
        }
    }

    private static FieldType? ReadReturns(ElementReader reader, JsonElement element, string path)
    {
        var returns = reader.String(element, path, "returns");
        if (returns is null) return null;
        if (FieldTypes.TryParse(returns, out var type) && IsFormulaResult(type)) return type;
        reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "returns"),
            $"A formula cannot return '{returns}'; use text, number, currency, percent, date, datetime or boolean.");
        return null;
    }

    private static bool IsFormulaResult(FieldType type) => type is FieldType.Text or FieldType.Number or
        FieldType.Currency or FieldType.Percent or FieldType.Date or FieldType.DateTime or FieldType.Boolean;

    private static void CheckTypeOptions(ElementReader reader, FieldDefinition field, string path)
    {
        void Need(bool ok, string key, string message)
        {
            if (!ok) reader.Bag.Error(DiagnosticCodes.MissingRequired, reader.File, ElementReader.Child(path, key), message);
        }

        switch (field.Type)
        {
            case FieldType.Picklist or FieldType.MultiPicklist:
                Need(field.Options.Count > 0, "options", $"Picklist '{field.Name}' needs at least one option.");
                break;
            case FieldType.Lookup:
                Need(field.Target is not null, "target", $"Lookup '{field.Name}' needs a 'target' object.");
                break;
            case FieldType.Formula:
                Need(field.Expression is not null, "expression", $"Formula '{field.Name}' needs an 'expression'.");
                Need(field.Returns is not null, "returns", $"Formula '{field.Name}' needs a valid 'returns' type.");
                break;
            case FieldType.AutoNumber:
                Need(field.Format is null || field.Format.Contains('{'), "format",
                    $"Autonumber '{field.Name}' format must contain a counter like {{0000}}.");
                break;
        }
        if (field.Min is { } min && field.Max is { } max && min > max)
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "min"),
                $"Field '{field.Name}' has min {min} greater than max {max}.");
        if (FieldTypes.IsNumeric(field.ValueType))
        {
            var limit = Records.ValueLimits.Limit(field.ValueType);
            foreach (var (key, bound) in new[] { ("min", field.Min), ("max", field.Max) })
                if (bound is { } value && Math.Abs(value) > limit)
                    reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, key),
                        $"Field '{field.Name}' has {key} {value}, beyond what a {FieldTypes.NameOf(field.ValueType)} field may hold " +
                        $"(±{limit.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)}).");
        }
        if (field.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, "currency"),
                $"Currency '{currency}' of field '{field.Name}' must be an ISO 4217 code like CNY.");
    }
}
