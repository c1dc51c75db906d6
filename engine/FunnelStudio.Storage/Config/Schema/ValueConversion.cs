using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>What becomes of one stored value under a field's new type.</summary>
internal readonly record struct Conversion(bool Converts, string? NewJson)
{
    public static Conversion Fits => new(true, null);
    public static Conversion Refused => new(false, null);
    public static Conversion To(string json) => new(true, json);

    /// <summary>True when the stored JSON has to be rewritten.</summary>
    public bool Rewrites => Converts && NewJson is not null;
}

/// <summary>
/// The exact conversions between field types a publish may make (anything else would lose or
/// invent data): text to a number when it parses (invariant culture), between number, currency and
/// percent, a number to text, a date to a date-time (midnight UTC), a date-time to a date only at
/// midnight, picklist to text, text to picklist when it is an option, boolean to and from
/// "true"/"false", email, url and phone to text, text to and from longtext. A value already in the
/// new type's form stays as it is, which makes every conversion safe to run twice.
/// </summary>
internal static class ValueConversion
{
    private static readonly FieldType[] TextTypes = [FieldType.Text, FieldType.LongText];

    /// <summary>Whether the type change is one of the exact ones; <paramref name="from"/> == <paramref name="to"/> always is.</summary>
    public static bool IsAllowed(FieldType from, FieldType to) => from == to || (from, to) switch
    {
        (FieldType.Text or FieldType.LongText, FieldType.Number or FieldType.Currency or FieldType.Percent) => true,
        (FieldType.Number or FieldType.Currency or FieldType.Percent, FieldType.Number or FieldType.Currency or FieldType.Percent) => true,
        (FieldType.Number or FieldType.Currency or FieldType.Percent, FieldType.Text or FieldType.LongText) => true,
        (FieldType.Date, FieldType.DateTime) or (FieldType.DateTime, FieldType.Date) => true,
        (FieldType.Picklist, FieldType.Text or FieldType.LongText) => true,
        (FieldType.Text, FieldType.Picklist) => true,
        (FieldType.Boolean, FieldType.Text or FieldType.LongText) or (FieldType.Text or FieldType.LongText, FieldType.Boolean) => true,
        (FieldType.Email or FieldType.Url or FieldType.Phone, FieldType.Text or FieldType.LongText) => true,
        (FieldType.Text, FieldType.LongText) or (FieldType.LongText, FieldType.Text) => true,
        _ => false,
    };

    /// <summary>
    /// Converts one stored value of a field of type <paramref name="from"/> (null: not known — an
    /// archived field coming back; the stored value's own shape says what it is) to the field
    /// <paramref name="to"/>. With <paramref name="checkOptions"/> false a picklist target takes any
    /// text (the planner checked the options; the migration has no package to check them against).
    /// </summary>
    public static Conversion Convert(FieldType? from, FieldDefinition to, JsonElement value, bool checkOptions = true)
    {
        var target = to.ValueType;
        if (from is { } known && !IsAllowed(known, target)) return Conversion.Refused;
        if (Fits(to, value, checkOptions)) return Conversion.Fits;
        var source = from ?? Infer(value);
        if (source is null || !IsAllowed(source.Value, target)) return Conversion.Refused;
        var converted = ConvertValue(source.Value, target, value);
        if (converted is null) return Conversion.Refused;
        var json = RecordJson.ValueText(converted, to)!;
        using var document = JsonDocument.Parse(json);
        return Fits(to, document.RootElement, checkOptions) ? Conversion.To(json) : Conversion.Refused;
    }

    /// <summary>The value is already in the form a field of this type stores.</summary>
    public static bool Fits(FieldDefinition field, JsonElement value, bool checkOptions = true)
    {
        var type = field.ValueType;
        var shape = type switch
        {
            FieldType.Number or FieldType.Currency or FieldType.Percent => value.ValueKind == JsonValueKind.Number,
            FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldType.MultiPicklist => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
            FieldType.Date => value.ValueKind == JsonValueKind.String && IsDate(value.GetString()!),
            FieldType.DateTime => value.ValueKind == JsonValueKind.String && IsDateTime(value.GetString()!),
            _ => value.ValueKind == JsonValueKind.String,
        };
        if (!shape) return false;
        if (!checkOptions && type is FieldType.Picklist or FieldType.MultiPicklist) return true;
        var (bound, error) = ValueBinder.BindStored(field, value);
        if (error is not null || bound is null) return false;
        // A number out of its type's range does not fit (a percent is narrower than a number).
        return bound is not decimal number || Math.Abs(number) <= ValueLimits.Limit(type);
    }

    /// <summary>What an archived value is, read from its JSON: a number, a boolean, a list, a date, a date-time or text.</summary>
    private static FieldType? Infer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => FieldType.Number,
        JsonValueKind.True or JsonValueKind.False => FieldType.Boolean,
        JsonValueKind.Array => FieldType.MultiPicklist,
        JsonValueKind.String when IsDate(value.GetString()!) => FieldType.Date,
        JsonValueKind.String when IsDateTime(value.GetString()!) => FieldType.DateTime,
        JsonValueKind.String => FieldType.Text,
        _ => null,
    };

    private static object? ConvertValue(FieldType from, FieldType to, JsonElement value)
    {
        switch (to)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                if (value.ValueKind == JsonValueKind.Number) return value.GetDecimal();
                return value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString()!.Trim(),
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : null;
            case FieldType.Text or FieldType.LongText:
                return value.ValueKind switch
                {
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.String => value.GetString(),
                    _ => null,
                };
            case FieldType.Boolean when value.ValueKind == JsonValueKind.String:
                return value.GetString()!.Trim() switch { "true" => true, "false" => false, _ => null };
            case FieldType.DateTime when from == FieldType.Date:
                return DateTime.SpecifyKind(DateTime.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
            case FieldType.Date when from == FieldType.DateTime:
                var time = ParseDateTime(value.GetString()!);
                return time.TimeOfDay == TimeSpan.Zero ? time.Date : null;
            case FieldType.Picklist when value.ValueKind == JsonValueKind.String:
                return value.GetString();
            default:
                return null;
        }
    }

    private static bool IsDate(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>A date and a time in UTC (ISO 8601 with 'T' and 'Z' or an offset), as date-time fields store them.</summary>
    private static bool IsDateTime(string text) => text.Contains('T') && DateTime.TryParse(text, CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    private static DateTime ParseDateTime(string text) => DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
}
