using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;

namespace FunnelStudio.Records;

/// <summary>
/// Binds raw input (JSON from the API and package tests, text from forms) to typed values by field
/// type. Type errors become <see cref="FieldError"/>s; nothing here throws for bad input. Every
/// value is also held to <see cref="ValueLimits"/>: numbers within their type's range unless the
/// field narrows it (<c>FIELD_RANGE</c>), text without control characters (<c>FIELD_CONTROL_CHARACTER</c>).
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
            // A name holding half a character cannot even be read as a string; it names no field.
            var name = TryGetName(property);
            var field = name is null ? null : obj.Field(name);
            if (field is null)
            {
                name ??= "\uFFFD";
                errors.Add(new FieldError(name, "FIELD_UNKNOWN", EngineText.Format("unknownField", name)));
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
    public static (object? Value, FieldError? Error) BindJson(FieldDefinition field, JsonElement value) => Bind(field, value, limits: true);

    /// <summary>
    /// A value read back from storage: its type is checked, the limits are not — a value stored
    /// under an earlier version's rules is still shown rather than dropped.
    /// </summary>
    public static (object? Value, FieldError? Error) BindStored(FieldDefinition field, JsonElement value) => Bind(field, value, limits: false);

    /// <summary>Binds text as typed into a form (or a JSON string) to <paramref name="field"/>'s type.</summary>
    public static (object? Value, FieldError? Error) BindText(FieldDefinition field, string? text, CultureInfo culture) =>
        BindText(field, text, culture, limits: true);

    private static (object? Value, FieldError? Error) Bind(FieldDefinition field, JsonElement value, bool limits)
    {
        if (value.ValueKind == JsonValueKind.Null) return (null, null);
        var type = field.ValueType;
        string? text = null;
        if (value.ValueKind == JsonValueKind.String && !TryGetString(value, out text))
            return Fail(field, "FIELD_CONTROL_CHARACTER", "controlCharacter");
        switch (type)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return Check(field, number, limits);
                if (value.ValueKind == JsonValueKind.String) return BindText(field, text, CultureInfo.InvariantCulture, limits);
                return Fail(field, "FIELD_TYPE", "type.number");
            case FieldType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return (value.GetBoolean(), null);
                return Fail(field, "FIELD_TYPE", "type.boolean");
            case FieldType.MultiPicklist:
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    return Fail(field, "FIELD_TYPE", "type.list");
                var options = new string[value.GetArrayLength()];
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (!TryGetString(item, out var option)) return Fail(field, "FIELD_CONTROL_CHARACTER", "controlCharacter");
                    options[i++] = option!;
                }
                return Check(field, options, limits);
            default:
                if (value.ValueKind != JsonValueKind.String) return Fail(field, "FIELD_TYPE", TypeKey(type));
                return BindText(field, text, CultureInfo.InvariantCulture, limits);
        }
    }

    private static (object? Value, FieldError? Error) BindText(FieldDefinition field, string? text, CultureInfo culture, bool limits)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        text = text.Trim();
        switch (field.ValueType)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                var cleaned = text.Replace(",", "").Replace("¥", "").Replace("%", "").Trim();
                return decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? Check(field, number, limits)
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
                return Check(field, text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), limits);
            default:
                return Check(field, text, limits);
        }
    }

    private static (object?, FieldError?) Check(FieldDefinition field, decimal number, bool limits)
    {
        if (limits && number < ValueLimits.Min(field)) return Fail(field, "FIELD_RANGE", "min", Readable(ValueLimits.Min(field)));
        if (limits && number > ValueLimits.Max(field)) return Fail(field, "FIELD_RANGE", "max", Readable(ValueLimits.Max(field)));
        if (field.Precision is { } precision) number = Math.Round(number, precision, MidpointRounding.AwayFromZero);
        return (number, null);
    }

    private static (object?, FieldError?) Check(FieldDefinition field, string[] options, bool limits)
    {
        foreach (var option in options)
        {
            if (limits && ValueLimits.HasForbiddenCharacter(option, multiline: false))
                return Fail(field, "FIELD_CONTROL_CHARACTER", "controlCharacter");
            if (!field.HasOption(option)) return Fail(field, "FIELD_OPTION", "option", option);
        }
        return (options.Distinct().ToArray(), null);
    }

    private static (object?, FieldError?) Check(FieldDefinition field, string text, bool limits)
    {
        if (limits && ValueLimits.HasForbiddenCharacter(text, multiline: field.Type == FieldType.LongText))
            return Fail(field, "FIELD_CONTROL_CHARACTER", "controlCharacter");
        var maxLength = field.MaxLength ?? (field.Type == FieldType.LongText ? 100_000 : 1_000);
        if (limits && text.Length > maxLength) return Fail(field, "FIELD_MAX_LENGTH", "maxLength", maxLength);
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

    /// <summary>1000000000000000 as 1,000,000,000,000,000: a bound a person can read.</summary>
    private static string Readable(decimal bound) => bound.ToString("#,0.##########", CultureInfo.InvariantCulture);

    /// <summary>
    /// False when the JSON string holds a lone surrogate (<c>"\ud800"</c>): System.Text.Json cannot
    /// turn such text into a string at all, and would throw.
    /// </summary>
    private static bool TryGetString(JsonElement value, out string? text)
    {
        try { text = value.GetString(); return true; }
        catch (InvalidOperationException) { text = null; return false; }
    }

    /// <summary>The property's name, or null when it holds a lone surrogate and cannot be read.</summary>
    internal static string? TryGetName(JsonProperty property)
    {
        try { return property.Name; }
        catch (InvalidOperationException) { return null; }
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
