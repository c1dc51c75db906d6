using System.Collections;

namespace FunnelStudio.Records;

/// <summary>
/// A record's field values, already bound to their field types: <see cref="string"/>,
/// <see cref="decimal"/>, <see cref="bool"/>, <see cref="DateTime"/> (UTC) or <c>string[]</c>.
/// Absent and null mean the same: the field is empty. Immutable; <c>With</c> copies.
/// </summary>
public sealed class RecordValues : IReadOnlyDictionary<string, object?>
{
    public static readonly RecordValues Empty = new(new Dictionary<string, object?>());

    private readonly Dictionary<string, object?> _values;

    public RecordValues(IDictionary<string, object?> values) =>
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);

    public object? this[string key] => _values.GetValueOrDefault(key);

    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<object?> Values => _values.Values;
    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    public RecordValues With(string field, object? value)
    {
        var copy = new Dictionary<string, object?>(_values) { [field] = value };
        return new RecordValues(copy);
    }

    public RecordValues With(IEnumerable<KeyValuePair<string, object?>> changes)
    {
        var copy = new Dictionary<string, object?>(_values);
        foreach (var (key, value) in changes) copy[key] = value;
        return new RecordValues(copy);
    }

    public string? GetString(string field) => this[field] as string;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>True when a value counts as filled in for required-field checks.</summary>
    public static bool IsFilled(object? value) => value switch
    {
        null => false,
        string s => !string.IsNullOrWhiteSpace(s),
        string[] a => a.Length > 0,
        _ => true,
    };
}
