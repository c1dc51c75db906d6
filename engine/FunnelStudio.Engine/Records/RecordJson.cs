using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;

namespace FunnelStudio.Records;

/// <summary>
/// The canonical JSON of record values, shared by storage, history and the API: numbers as JSON
/// numbers, booleans, dates as <c>yyyy-MM-dd</c>, date-times as ISO 8601 UTC, lists as arrays.
/// Reading back binds by field type, so a stored record has exactly the types a new one has.
/// </summary>
public static class RecordJson
{
    public static string Serialize(RecordValues values, ObjectDefinition? obj = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (field, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                if (value is null) continue;
                writer.WritePropertyName(field);
                Write(writer, value, obj?.Field(field));
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One value as JSON text (for field history); null when empty.</summary>
    public static string? ValueText(object? value, FieldDefinition? field = null)
    {
        if (value is null) return null;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) Write(writer, value, field);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads stored JSON back into typed values with the object's field types; unknown fields are dropped.</summary>
    public static RecordValues Deserialize(string json, ObjectDefinition obj)
    {
        using var doc = JsonDocument.Parse(json);
        var values = new Dictionary<string, object?>();
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var field = obj.Field(property.Name);
            if (field is null) continue;
            var (value, error) = ValueBinder.BindStored(field, property.Value);
            // A value that no longer fits (the field's type changed in a later version) is kept out
            // rather than failing the read; the record's form will show the field empty.
            if (error is null) values[field.Name] = value;
        }
        return new RecordValues(values);
    }

    public static void Write(Utf8JsonWriter writer, object value, FieldDefinition? field)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case decimal d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateTime dt when field?.ValueType == FieldType.Date:
                writer.WriteStringValue(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime dt:
                writer.WriteStringValue(DateTime.SpecifyKind(dt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)); break;
            case string[] list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case int or long or double or float:
                writer.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
