using System.Globalization;
using Scriban.Runtime;

namespace FunnelStudio.Templates;

/// <summary>
/// Turns a render's model into Scriban data: dictionaries become <see cref="ScriptObject"/>s, lists
/// <see cref="ScriptArray"/>s, and only plain values are kept as they are. Anything else is written as
/// its invariant text, so no .NET object (and none of its methods) ever reaches a template.
/// </summary>
internal static class TemplateModel
{
    // Deeper than any real model; stops a model that refers to itself.
    private const int MaxDepth = 32;

    public static ScriptObject ToScriptObject(IReadOnlyDictionary<string, object?> model) => Object(model, 0);

    private static ScriptObject Object(IReadOnlyDictionary<string, object?> values, int depth)
    {
        var result = new ScriptObject(values.Count);
        foreach (var (key, value) in values)
            result[key] = Value(value, depth + 1);
        // "approval.step_label" is also reachable as values.approval.step_label, when no plain key is in the way.
        foreach (var (key, value) in values.Where(v => v.Key.Contains('.')))
            AddDotted(result, key.Split('.'), Value(value, depth + 1));
        return result;
    }

    private static void AddDotted(ScriptObject target, string[] parts, object? value)
    {
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0) return;
            if (!target.TryGetValue(parts[i], out var next))
            {
                next = new ScriptObject();
                target[parts[i]] = next;
            }
            if (next is not ScriptObject child) return;
            target = child;
        }
        if (parts[^1].Length > 0 && !target.ContainsKey(parts[^1])) target[parts[^1]] = value;
    }

    private static object? Value(object? value, int depth)
    {
        if (depth > MaxDepth) throw new InvalidOperationException($"The model is nested deeper than {MaxDepth} levels.");
        return value switch
        {
            null or string or bool or decimal or int or long or double or DateTime => value,
            DateTimeOffset offset => offset.UtcDateTime,
            IReadOnlyDictionary<string, object?> nested => Object(nested, depth),
            IReadOnlyList<object?> list => Array(list, depth),
            System.Collections.IDictionary other => Object(other.Keys.Cast<object>()
                .ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => other[k]), depth),
            System.Collections.IEnumerable items => Array(items.Cast<object?>().ToList(), depth),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    private static ScriptArray Array(IReadOnlyList<object?> list, int depth)
    {
        var array = new ScriptArray(list.Count);
        foreach (var item in list) array.Add(Value(item, depth + 1));
        return array;
    }
}
