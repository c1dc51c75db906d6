namespace FunnelStudio.Cli.Publishing;

/// <summary>
/// <c>--map-stage old=new</c> and <c>--map-option field:old=new</c> as the publish body's
/// <c>{ "map": { "stages": { "old": "new" }, "options": { "field": { "old": "new" } } } }</c>.
/// </summary>
internal static class PublishMap
{
    public static (string Old, string New)? Stage(string text) => Pair(text);

    public static (string Field, string Old, string New)? Option(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) return null;
        return Pair(text[(colon + 1)..]) is { } pair ? (text[..colon], pair.Old, pair.New) : null;
    }

    public static object Body(PublishSettings settings)
    {
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (old, @new) in settings.MapStage.Select(m => Stage(m)!.Value)) stages[old] = @new;
        var options = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (field, old, @new) in settings.MapOption.Select(m => Option(m)!.Value))
        {
            if (!options.TryGetValue(field, out var values)) options[field] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            values[old] = @new;
        }
        return new { map = new { stages, options } };
    }

    private static (string Old, string New)? Pair(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1 || text.IndexOf('=', equals + 1) >= 0) return null;
        var (old, @new) = (text[..equals].Trim(), text[(equals + 1)..].Trim());
        return old.Length > 0 && @new.Length > 0 ? (old, @new) : null;
    }
}
