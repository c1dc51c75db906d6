using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;

namespace FunnelStudio.Records;

/// <summary>
/// Binds raw input (JSON from the API and package tests, text from forms) to typed values by field
/// type. Type errors become <see cref="FieldError"/>s; nothing here throws for bad input.
/// </summary>
public static class ValueBinder
{
    /// <summary>Binds a JSON object of field → value. Unknown and computed fields are errors.</summary>
    public static (RecordValues Values, IReadOnlyList<FieldError> Errors) BindJson(
        ObjectDefinition obj, JsonElement values, bool allowComputed = false)
    {
        var bound = new Dictionary<string, object?>();
        var errors = new List<FieldError>();
        if (values.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("", "FIELD_TYPE", LocalizedText.Of("Values must be a JSON object.")));
            return (new RecordValues(bound), errors);
        }
        foreach (var property in values.EnumerateObject())
        {
            var field = obj.Field(property.Name);
            if (field is null)
            {
                errors.Add(new FieldError(property.Name, "FIELD_UNKNOWN", EngineText.Format("unknownField", property.Name)));
                continue;
            }
            if (field.IsComputed && !allowComputed)
            {
                errors.Add(new FieldError(field.Name, "FIELD_READ_ONLY", EngineText.Format("readOnly", field.Label)));
                continue;
            }
            var (value, error) = BindJson(field, property.Value);
            if (error is not null) errors.Add(error);
            else bound[field.Name] = value;
        }
        return (new RecordValues(bound), errors);
    }

    /// <summary>Binds one JSON value to <paramref name="field"/>'s type.</summary>
    public static (object? Value, FieldError? Error) BindJson(FieldDefinition field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return (null, null);
        var type = field.ValueType;
        switch (type)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return Check(field, number);
                if (value.ValueKind == JsonValueKind.String) return BindText(field, value.GetString(), CultureInfo.InvariantCulture);
                return Fail(field, "FIELD_TYPE", "type.number");
            case FieldType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return (value.GetBoolean(), null);
                return Fail(field, "FIELD_TYPE", "type.boolean");
            case FieldType.MultiPicklist:
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    return Fail(field, "FIELD_TYPE", "type.list");
                return Check(field, value.EnumerateArray().Select(v => v.GetString()!).ToArray());
            default:
                if (value.ValueKind != JsonValueKind.String) return Fail(field, "FIELD_TYPE", TypeKey(type));
                return BindText(field, value.GetString(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Binds text as typed into a form (or a JSON string) to <paramref name="field"/>'s type.</summary>
    public static (object? Value, FieldError? Error) BindText(FieldDefinition field, string? text, CultureInfo culture)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        text = text.Trim();
        switch (field.ValueType)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                var cleaned = text.Replace(",", "").Replace("¥", "").Replace("%", "").Trim();
                return decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? Check(field, number)
                    : Fail(field, "FIELD_TYPE", "type.number");
            case FieldType.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" or "on" or "yes" or "1" => (true, null),
                    "false" or "off" or "no" or "0" => (false, null),
                    _ => Fail(field, "FIELD_TYPE", "type.boolean"),
                };
            case FieldType.Date:
                return DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"],
                        CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
                    ? (DateTime.SpecifyKind(date.Date, DateTimeKind.Utc), null)
                    : Fail(field, "FIELD_TYPE", "type.date");
            case FieldType.DateTime:
                return DateTime.TryParse(text, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dateTime)
                    ? (DateTime.SpecifyKind(dateTime, DateTimeKind.Utc), null)
                    : Fail(field, "FIELD_TYPE", "type.datetime");
            case FieldType.MultiPicklist:
                return Check(field, text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            default:
                return Check(field, text);
        }
    }

    private static (object?, FieldError?) Check(FieldDefinition field, decimal number)
    {
        if (field.Min is { } min && number < min) return Fail(field, "FIELD_RANGE", "min", min);
        if (field.Max is { } max && number > max) return Fail(field, "FIELD_RANGE", "max", max);
        if (field.Precision is { } precision) number = Math.Round(number, precision, MidpointRounding.AwayFromZero);
        return (number, null);
    }

    private static (object?, FieldError?) Check(FieldDefinition field, string[] options)
    {
        foreach (var option in options)
            if (!field.HasOption(option)) return Fail(field, "FIELD_OPTION", "option", option);
        return (options.Distinct().ToArray(), null);
    }

    private static (object?, FieldError?) Check(FieldDefinition field, string text)
    {
        var maxLength = field.MaxLength ?? (field.Type == FieldType.LongText ? 100_000 : 1_000);
        if (text.Length > maxLength) return Fail(field, "FIELD_MAX_LENGTH", "maxLength", maxLength);
        switch (field.Type)
        {
            case FieldType.Picklist when !field.HasOption(text):
                return Fail(field, "FIELD_OPTION", "option", text);
            case FieldType.Email when !IsEmail(text):
                return Fail(field, "FIELD_FORMAT", "email");
            case FieldType.Url when !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"):
                return Fail(field, "FIELD_FORMAT", "url");
            case FieldType.Phone when !IsPhone(text):
                return Fail(field, "FIELD_FORMAT", "phone");
            // One spelling per id (lower case, with dashes), so a record's pointers are found by its id.
            // Anything else stays as typed and the references step refuses it.
            case FieldType.Lookup when Guid.TryParse(text, out var id):
                return (id.ToString(), null);
        }
        return (text, null);
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.');

    private static bool IsPhone(string text) =>
        text.Count(char.IsAsciiDigit) is >= 5 and <= 20 && text.All(c => char.IsAsciiDigit(c) || " +-()#".Contains(c));

    private static string TypeKey(FieldType type) => type switch
    {
        FieldType.Date => "type.date",
        FieldType.DateTime => "type.datetime",
        _ => "type.text",
    };

    private static (object?, FieldError?) Fail(FieldDefinition field, string code, string key, object? arg = null) =>
        (null, new FieldError(field.Name, code, EngineText.Format(key, field.Label, arg)));
}
