using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Typed reads from one file's JSON that report, instead of throw, when a value is missing or has
/// the wrong type. Paths are JSONPath-like (<c>$.fields[2].type</c>) so an editor can jump there.
/// </summary>
internal sealed partial class ElementReader(DiagnosticBag bag, string file)
{
    public DiagnosticBag Bag { get; } = bag;
    public string File { get; } = file;

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,62}\z")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static string Child(string path, string key) => $"{path}.{key}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    /// <summary>Checks that <paramref name="element"/> is an object and warns about keys outside <paramref name="known"/>.</summary>
    public bool ExpectObject(JsonElement element, string path, IReadOnlyCollection<string> known, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Bag.Error(DiagnosticCodes.WrongType, File, path, $"{what} must be a JSON object, not {Describe(element)}.");
            return false;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "$schema" || known.Contains(property.Name)) continue;
            Bag.Warning(DiagnosticCodes.UnknownKey, File, Child(path, property.Name),
                $"Unknown key '{property.Name}' in {what} is ignored.");
        }
        return true;
    }

    public bool Has(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(JsonElement obj, string path, string key, bool required = false)
    {
        if (!TryGet(obj, path, key, required, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            if (required && string.IsNullOrWhiteSpace(text))
            {
                Bag.Error(DiagnosticCodes.MissingRequired, File, Child(path, key), $"'{key}' must not be empty.");
                return null;
            }
            return text;
        }
        WrongType(path, key, "a string", value);
        return null;
    }

    /// <summary>Reads a name and checks its pattern; returns null (and reports) when invalid.</summary>
    public string? Name(JsonElement obj, string path, string what, string key = "name")
    {
        var name = String(obj, path, key, required: true);
        if (name is null) return null;
        if (IsValidName(name)) return name;
        Bag.Error(DiagnosticCodes.InvalidName, File, Child(path, key),
            $"{what} name '{name}' is invalid: names start with a lower-case letter and use only a–z, 0–9 and _ (at most 63 characters).");
        return null;
    }

    public bool Bool(JsonElement obj, string path, string key, bool fallback = false)
    {
        if (!TryGet(obj, path, key, false, out var value)) return fallback;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        WrongType(path, key, "true or false", value);
        return fallback;
    }

    public decimal? Decimal(JsonElement obj, string path, string key)
    {
        if (!TryGet(obj, path, key, false, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
        WrongType(path, key, "a number", value);
        return null;
    }

    public int? Int(JsonElement obj, string path, string key, int min = 0, int max = int.MaxValue)
    {
        if (!TryGet(obj, path, key, false, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            if (number >= min && number <= max) return number;
            Bag.Error(DiagnosticCodes.InvalidValue, File, Child(path, key), $"'{key}' must be between {min} and {max}, not {number}.");
            return null;
        }
        WrongType(path, key, "a whole number", value);
        return null;
    }

    /// <summary>A label, definition, guidance or message: a string or a map of locale to string.</summary>
    public LocalizedText Text(JsonElement obj, string path, string key, bool required = false)
    {
        if (!TryGet(obj, path, key, required, out var value)) return LocalizedText.Empty;
        if (value.ValueKind == JsonValueKind.String) return LocalizedText.Of(value.GetString()!);
        if (value.ValueKind == JsonValueKind.Object)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in value.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String) map[entry.Name] = entry.Value.GetString()!;
                else WrongType(Child(path, key), entry.Name, "a string", entry.Value);
            }
            if (required && map.Count == 0)
                Bag.Error(DiagnosticCodes.MissingRequired, File, Child(path, key), $"'{key}' must have at least one locale.");
            return new LocalizedText(map);
        }
        WrongType(path, key, "a string or an object of locale → text", value);
        return LocalizedText.Empty;
    }

    /// <summary>The items of an array property with their paths; nothing when absent or not an array.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string path, string key, bool required = false)
    {
        if (!TryGet(obj, path, key, required, out var value)) yield break;
        if (value.ValueKind != JsonValueKind.Array)
        {
            WrongType(path, key, "an array", value);
            yield break;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, Item(Child(path, key), i));
            i++;
        }
    }

    public IReadOnlyList<string> Strings(JsonElement obj, string path, string key)
    {
        var list = new List<string>();
        foreach (var (item, itemPath) in Array(obj, path, key))
        {
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
            else Bag.Error(DiagnosticCodes.WrongType, File, itemPath, $"Items of '{key}' must be strings, not {Describe(item)}.");
        }
        return list;
    }

    public bool TryGet(JsonElement obj, string path, string key, bool required, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        if (required)
            Bag.Error(DiagnosticCodes.MissingRequired, File, Child(path, key), $"'{key}' is required here.");
        return false;
    }

    public void WrongType(string path, string key, string expected, JsonElement actual) =>
        Bag.Error(DiagnosticCodes.WrongType, File, Child(path, key), $"'{key}' must be {expected}, not {Describe(actual)}.");

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
