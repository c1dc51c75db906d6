using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// How <see cref="RecordValues"/> are kept in the JSON values column: decimals as JSON numbers,
/// booleans, timestamps as ISO-8601 UTC strings (<c>O</c> format, so text order is time order and
/// <c>ValueBinder</c> reads them back), multi-picklists as arrays; empty values are left out.
/// Reading uses the object's field types (dates come back as <see cref="DateTime"/>) but never
/// validates: a value saved under an older config comes back as it was stored.
/// </summary>
public static class RecordJson
{
    public static string Write(RecordValues values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (value is null) continue;
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>One value as JSON text (null for an empty value), e.g. for field history.</summary>
    public static string? WriteValue(object? value)
    {
        if (value is null) return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteValue(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

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

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case decimal d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateTime t: writer.WriteStringValue(ToUtc(t).ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: writer.WriteStringValue(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)); break;
            case int or long or short or byte: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case double or float: writer.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A record value of type {value.GetType().Name} cannot be stored.", nameof(value));
        }
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
                return DateTime.SpecifyKind(time, DateTimeKind.Utc);
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
