using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Uniqueness;

/// <summary>
/// What "the same value" means for a unique field. Two values are duplicates when their keys are
/// equal: text-like values trimmed and lower-cased (culture-invariant, so the key never depends on
/// the server's language settings), email and url likewise, a phone number by its digits
/// only (so "+86 138-0013-8000" and "8613800138000" collide), numbers and dates as their canonical
/// JSON text (1.50 and 1.5 are one number), lookups and users by id. Computed here, in the engine,
/// so both databases hold exactly the same keys.
/// </summary>
public static class UniqueKeys
{
    /// <summary>The longest key the store keeps as it is (<c>record_keys.key</c> is varchar(300)).</summary>
    public const int MaxLength = 300;

    /// <summary>The prefix of a key too long to keep as it is: the SHA-256 of the normalized value.</summary>
    public const string HashPrefix = "sha256:";

    /// <summary>The key of <paramref name="value"/> in <paramref name="field"/>; null for an empty value, which has no key.</summary>
    public static string? Normalize(FieldDefinition field, object? value)
    {
        var key = value is null ? null : field.ValueType switch
        {
            FieldType.Phone => new string(Text(value).Where(char.IsAsciiDigit).ToArray()),
            FieldType.Lookup => Guid.TryParse(Text(value), out var id) ? id.ToString() : Text(value).Trim(),
            FieldType.User => Text(value).Trim(),
            FieldType.Number or FieldType.Currency or FieldType.Percent when value is decimal number =>
                RecordJson.ValueText(Canonical(number), field),
            FieldType.Date or FieldType.DateTime when value is DateTime => RecordJson.ValueText(value, field),
            _ => Text(value).Trim().ToLowerInvariant(),
        };
        if (string.IsNullOrEmpty(key)) return null;
        return key.Length <= MaxLength ? key : HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Every key of <paramref name="values"/> (the object's unique fields that are filled in).</summary>
    public static IReadOnlyList<UniqueKey> Of(ObjectDefinition obj, RecordValues values) =>
        Changes(obj, null, values).Where(k => k.Key is not null).ToList();

    /// <summary>
    /// The unique fields whose key a save changes, with their new key (null: the field is emptied).
    /// On create (<paramref name="before"/> null) that is every filled-in unique field.
    /// </summary>
    public static IReadOnlyList<UniqueKey> Changes(ObjectDefinition obj, RecordValues? before, RecordValues after)
    {
        List<UniqueKey>? changes = null;
        foreach (var field in obj.Fields)
        {
            if (!field.Unique) continue;
            var key = Normalize(field, after[field.Name]);
            if (key == (before is null ? null : Normalize(field, before[field.Name]))) continue;
            (changes ??= []).Add(new UniqueKey(field.Name, key));
        }
        return changes ?? (IReadOnlyList<UniqueKey>)[];
    }

    private static string Text(object value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The number without trailing zeros (1.50m → 1.5m): decimal keeps the scale it was written with.</summary>
    private static decimal Canonical(decimal number) => number / 1.000000000000000000000000000000000m;
}
