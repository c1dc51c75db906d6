using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Stages;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Which fields a failed rule points to. A group rule (e.g. BANT) names its failed children in
/// <c>FailedRules</c>; each child may name its own field, so the move dialog can ask for all of them.
/// </summary>
public static class RuleFields
{
    /// <summary>The fields a violation is about: its own field plus the fields of the failed rules inside a group.</summary>
    public static IEnumerable<string> Of(ObjectDefinition obj, Violation violation) =>
        Of(obj, violation.Field, violation.FailedRules);

    public static IEnumerable<string> Of(ObjectDefinition obj, ChecklistItem item) => Of(obj, item.Field, item.FailedRules);

    private static IEnumerable<string> Of(ObjectDefinition obj, string? field, IReadOnlyList<string> failedRules)
    {
        if (field is not null) yield return field;
        if (failedRules.Count == 0) yield break;
        foreach (var rule in AllRules(obj))
            if (rule.Field is { } f && failedRules.Contains(rule.Name)) yield return f;
    }

    /// <summary>The messages of the failed rules inside a group, in the requested locale.</summary>
    public static IReadOnlyList<string> FailedRuleMessages(ObjectDefinition obj, IReadOnlyList<string> failedRules, string locale) =>
        failedRules.Count == 0 ? []
            : AllRules(obj).Where(r => failedRules.Contains(r.Name) && !r.Message.IsEmpty)
                .Select(r => r.Message.Get(locale)).Distinct().ToList();

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
