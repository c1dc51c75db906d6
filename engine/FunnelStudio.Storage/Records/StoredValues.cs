using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// The values column. Writing uses the engine's canonical <see cref="RecordJson"/> (numbers as JSON
/// numbers, dates <c>yyyy-MM-dd</c>, date-times ISO 8601 UTC, lists as arrays, empty values left
/// out), so storage, history and the API agree. Reading is lenient on purpose: it uses the field
/// types (dates come back as <see cref="DateTime"/>) but never validates or drops anything, so a
/// value saved under an older config, or of a field the current config no longer has, comes back
/// as it was stored and survives the next save.
/// </summary>
public static class StoredValues
{
    public static string Write(RecordValues values, ObjectDefinition? obj) => RecordJson.Serialize(values, obj);

    public static RecordValues Read(string json, ObjectDefinition? obj)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return new RecordValues(values);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = ReadValue(property.Value, obj?.Field(property.Name)?.ValueType);
            if (value is not null) values[property.Name] = value;
        }
        return new RecordValues(values);
    }

    private static object? ReadValue(JsonElement element, FieldType? type) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : (decimal)element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray(),
        JsonValueKind.String => ReadString(element.GetString()!, type),
        _ => element.GetRawText(),
    };

    private static object ReadString(string text, FieldType? type)
    {
        switch (type)
        {
            case FieldType.Date or FieldType.DateTime
                when DateTime.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time):
                return DateTime.SpecifyKind(type == FieldType.Date ? time.Date : time, DateTimeKind.Utc);
            case FieldType.Number or FieldType.Currency or FieldType.Percent
                when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number):
                return number;
            default:
                return text;
        }
    }

    internal static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
