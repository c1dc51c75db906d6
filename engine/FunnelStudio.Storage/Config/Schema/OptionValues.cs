using System.Text.Json;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>Picklist values (a string) and multipicklist values (an array of strings) as stored.</summary>
internal static class OptionValues
{
    public static bool Holds(JsonElement value, string option) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() == option,
        JsonValueKind.Array => value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == option),
        _ => false,
    };

    /// <summary>The value with <paramref name="from"/> replaced by <paramref name="to"/> (once in a list: no duplicates), as JSON.</summary>
    public static string Replace(JsonElement value, string from, string to)
    {
        if (value.ValueKind == JsonValueKind.String) return FunnelStudio.Records.RecordJson.ValueText(value.GetString() == from ? to : value.GetString())!;
        var items = value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String && v.GetString() == from ? to : v.GetString()!)
            .Distinct(StringComparer.Ordinal).ToArray();
        return FunnelStudio.Records.RecordJson.ValueText(items)!;
    }
}
