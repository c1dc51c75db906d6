using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>
/// The rules of an object and the fields an unmet one asks for. A group rule (e.g. BANT) names its
/// failed children in <see cref="Violation.FailedRules"/>; each child may name its own field, so a
/// move dialog (or <c>explain</c>) can point at every field that would fix it.
/// </summary>
public static class RuleCatalog
{
    /// <summary>The fields a violation asks for: its own field plus the fields of the failed rules inside a group.</summary>
    public static IEnumerable<string> FieldsOf(ObjectDefinition obj, Violation violation) =>
        FieldsOf(obj, violation.Field, violation.FailedRules);

    public static IEnumerable<string> FieldsOf(ObjectDefinition obj, string? field, IReadOnlyList<string> failedRules)
    {
        if (field is not null) yield return field;
        if (failedRules.Count == 0) yield break;
        foreach (var rule in AllRules(obj))
            if (rule.Field is { } f && failedRules.Contains(rule.Name)) yield return f;
    }

    /// <summary>Every rule of the object, groups and their children: validation rules and stage criteria.</summary>
    public static IEnumerable<RuleDefinition> AllRules(ObjectDefinition obj)
    {
        var roots = obj.ValidationRules.AsEnumerable();
        if (obj.Pipeline is { } pipeline)
            roots = roots.Concat(pipeline.Stages.SelectMany(s => s.ExitCriteria.Concat(s.EntryCriteria)));
        return Flatten(roots);
    }

    private static IEnumerable<RuleDefinition> Flatten(IEnumerable<RuleDefinition> rules)
    {
        foreach (var rule in rules)
        {
            yield return rule;
            foreach (var child in Flatten(rule.Children)) yield return child;
        }
    }
}
