using System.Runtime.CompilerServices;
using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>
/// Which fields a formula or a rule reads: <c>record.x</c>, <c>old.x</c> and <c>Fn.Changed("x")</c>,
/// and through every formula it reads, what that formula reads. Lexical — the loader has already
/// checked each name — and cached per rule. The access model asks this to keep a field a role may
/// not see out of what that role is shown: a formula over it, a criterion about it.
/// </summary>
internal static class FieldReads
{
    private static readonly ConditionalWeakTable<RuleDefinition, IReadOnlySet<string>> RuleCache = new();

    /// <summary>The fields <paramref name="field"/> (a formula) reads, directly or through other formulas.</summary>
    public static IReadOnlySet<string> OfFormula(ObjectDefinition obj, FieldDefinition field) =>
        Expand(obj, Direct(field.Expression));

    /// <summary>The fields <paramref name="rule"/> reads (with its children), and the field it is about.</summary>
    public static IReadOnlySet<string> OfRule(ObjectDefinition obj, RuleDefinition rule) =>
        RuleCache.GetValue(rule, r => Expand(obj, Collect(r)));

    private static HashSet<string> Collect(RuleDefinition rule)
    {
        var fields = Direct(rule.Expression);
        if (rule.Field is { } field) fields.Add(field);
        foreach (var child in rule.Children) fields.UnionWith(Collect(child));
        return fields;
    }

    private static HashSet<string> Direct(string? expression)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(expression)) return fields;
        fields.UnionWith(ExpressionText.RecordMembers(ExpressionText.BlankLiterals(expression)).Select(m => m.Member));
        fields.UnionWith(ExpressionText.ChangedFields(expression));
        return fields;
    }

    /// <summary>Adds what every formula among <paramref name="fields"/> reads, until nothing new turns up (cycles end it).</summary>
    private static HashSet<string> Expand(ObjectDefinition obj, HashSet<string> fields)
    {
        var queue = new Queue<string>(fields);
        while (queue.TryDequeue(out var name))
            if (obj.Field(name) is { Type: FieldType.Formula, Expression: { } expression })
                foreach (var read in Direct(expression))
                    if (fields.Add(read)) queue.Enqueue(read);
        return fields;
    }
}
