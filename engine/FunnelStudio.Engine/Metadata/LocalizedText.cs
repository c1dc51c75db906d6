namespace FunnelStudio.Metadata;

/// <summary>
/// Admin-written text (label, definition, guidance, message): one string, or one per locale.
/// Lookup falls back from the requested locale to its language, to <c>en</c>, then to any value.
/// </summary>
public sealed class LocalizedText
{
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    public LocalizedText(IReadOnlyDictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; }

    public bool IsEmpty => Values.Count == 0;

    public static LocalizedText Of(string text) => new(new Dictionary<string, string> { [""] = text });

    public string Get(string? locale)
    {
        if (Values.Count == 0) return "";
        if (locale is not null)
        {
            if (Values.TryGetValue(locale, out var exact)) return exact;
            var dash = locale.IndexOf('-');
            if (dash > 0 && Values.TryGetValue(locale[..dash], out var language)) return language;
            foreach (var (key, value) in Values)
                if (key.StartsWith(locale, StringComparison.OrdinalIgnoreCase)) return value;
        }
        if (Values.TryGetValue("", out var neutral)) return neutral;
        if (Values.TryGetValue("en", out var en)) return en;
        return Values.Values.First();
    }

    public override string ToString() => Get(null);
}
