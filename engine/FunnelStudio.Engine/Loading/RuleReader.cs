using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads rule lists: leaf rules and nested <c>all</c>/<c>any</c> groups.</summary>
internal static class RuleReader
{
    private static readonly string[] Keys = ["name", "expression", "message", "field", "all", "any"];

    public static IReadOnlyList<RuleDefinition> ReadList(ElementReader reader, JsonElement owner, string path, string key, int depth = 0)
    {
        var rules = new List<RuleDefinition>();
        foreach (var (item, itemPath) in reader.Array(owner, path, key))
        {
            var rule = Read(reader, item, itemPath, depth);
            if (rule is not null) rules.Add(rule);
        }
        return rules;
    }

    /// <summary>One rule held by <paramref name="owner"/> under the last key of <paramref name="path"/> (e.g. a flow's <c>entry</c>).</summary>
    public static RuleDefinition? ReadOne(ElementReader reader, JsonElement owner, string path)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        return reader.TryGet(owner, path[..path.LastIndexOf('.')], key, required: true, out var element) ? Read(reader, element, path, 0) : null;
    }

    private static RuleDefinition? Read(ElementReader reader, JsonElement element, string path, int depth)
    {
        if (!reader.ExpectObject(element, path, Keys, "a rule")) return null;
        var name = reader.Name(element, path, "Rule");
        var message = reader.Text(element, path, "message");
        var field = reader.String(element, path, "field");
        var hasAll = reader.Has(element, "all");
        var hasAny = reader.Has(element, "any");
        var hasExpression = reader.Has(element, "expression");

        if ((hasAll ? 1 : 0) + (hasAny ? 1 : 0) + (hasExpression ? 1 : 0) != 1)
        {
            reader.Bag.Error(DiagnosticCodes.MissingRequired, reader.File, path,
                $"Rule '{name ?? "?"}' needs exactly one of 'expression', 'all' or 'any'.");
            return null;
        }
        if (name is null) return null;

        if (hasExpression)
        {
            var expression = reader.String(element, path, "expression", required: true);
            if (message.IsEmpty)
                reader.Bag.Error(DiagnosticCodes.MissingRequired, reader.File, ElementReader.Child(path, "message"),
                    $"Rule '{name}' needs a 'message' that tells the user what to do.");
            return expression is null ? null : new RuleDefinition(name, message)
            {
                Expression = expression, Field = field, File = reader.File, Path = path,
            };
        }

        var mode = hasAll ? RuleGroupMode.All : RuleGroupMode.Any;
        var children = ReadList(reader, element, path, hasAll ? "all" : "any", depth + 1);
        if (children.Count == 0)
            reader.Bag.Error(DiagnosticCodes.MissingRequired, reader.File, ElementReader.Child(path, hasAll ? "all" : "any"),
                $"Rule group '{name}' has no rules.");
        return new RuleDefinition(name, message) { Group = mode, Children = children, Field = field, File = reader.File, Path = path };
    }

    /// <summary>Every rule of a list and of its nested groups, depth first.</summary>
    public static IEnumerable<RuleDefinition> Flatten(IEnumerable<RuleDefinition> rules)
    {
        foreach (var rule in rules)
        {
            yield return rule;
            foreach (var child in Flatten(rule.Children)) yield return child;
        }
    }
}
