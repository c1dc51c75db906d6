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

    public static RecordValues Read(string json, ObjectDefinition? obj) => Read(System.Text.Encoding.UTF8.GetBytes(json), obj);

    /// <summary>
    /// Reads the column's UTF-8 bytes as they come from the database, with a forward-only reader: a
    /// list page reads 50–100 of these per request, so no string copy, no document and no second
    /// transcoding (about a tenth of the portal's CPU per page went here).
    /// </summary>
    public static RecordValues Read(ReadOnlySpan<byte> utf8Json, ObjectDefinition? obj)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return new RecordValues(values);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = ReadValue(ref reader, obj?.Field(name)?.ValueType);
            if (value is not null) values[name] = value;
        }
        return new RecordValues(values);
    }

    /// <summary>
    /// One value as field history stores it (<see cref="RecordJson.ValueText"/>), read as leniently
    /// as the values column; null for an empty value.
    /// </summary>
    public static object? ReadOne(string? json, FieldType? type)
    {
        if (json is null) return null;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        return reader.Read() ? ReadValue(ref reader, type) : null;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, FieldType? type)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number: return reader.TryGetDecimal(out var d) ? d : (decimal)reader.GetDouble();
            case JsonTokenType.String when type is FieldType.Date or FieldType.DateTime
                                           && reader.TryGetDateTime(out var time) && time.Kind != DateTimeKind.Local:
                // The canonical forms (yyyy-MM-dd, …Z); no offset means UTC, as everywhere in the values.
                time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
                return type == FieldType.Date ? time.Date : time;
            case JsonTokenType.String: return ReadString(reader.GetString()!, type);
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : RawText(ref reader));
                return items.ToArray();
            default: return RawText(ref reader);
        }
    }

    /// <summary>A value of a shape the engine does not write (an object, say), kept as its JSON text.</summary>
    private static string RawText(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

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
