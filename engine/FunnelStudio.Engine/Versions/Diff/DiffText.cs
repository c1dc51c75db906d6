using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// Renders metadata values as the short, culture-invariant text a <see cref="ConfigChange"/> carries:
/// the same value always gives the same text, so comparing the texts compares the values.
/// </summary>
internal static class DiffText
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A label or message: its one text, or the JSON of its locale map (keys sorted) when it has several.</summary>
    public static string? Of(LocalizedText text)
    {
        if (text.IsEmpty) return null;
        if (text.Values.Count == 1) return text.Values.Values.First();
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (locale, value) in text.Values) sorted[locale] = value;
        return JsonSerializer.Serialize(sorted, Compact);
    }

    public static string Of(bool value) => value ? "true" : "false";

    /// <summary>Decimals without trailing zeros, so 5 and 5.0 read the same.</summary>
    public static string? Of(decimal? value) => value?.ToString("G29", CultureInfo.InvariantCulture);

    public static string? Of(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string Of(FieldType type) => FieldTypes.NameOf(type);

    public static string? Of(FieldType? type) => type is { } t ? FieldTypes.NameOf(t) : null;

    /// <summary>Enum members as written in packages: lower case (<c>restrict</c>, <c>team</c>, <c>won</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string? List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? null : text;
    }

    /// <summary>A field default, bound to its type: booleans, numbers and dates in invariant form, lists as JSON.</summary>
    public static string? Value(object? value) => value switch
    {
        null => null,
        bool b => Of(b),
        decimal d => Of(d),
        // Dates are bound as UTC midnight: shown as the date an admin wrote.
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, Compact),
    };

    /// <summary>
    /// A file's content in a few characters (<c>12 lines, sha256:1a2b3c4d</c>): enough to tell two
    /// versions apart in a listing; the file itself is where to read the difference.
    /// </summary>
    public static string Content(string text)
    {
        var lines = text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
        return $"{lines} line{(lines == 1 ? "" : "s")}, sha256:{hash}";
    }

    /// <summary>Compact JSON of any value (for layouts and test cases).</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, Compact);
}
