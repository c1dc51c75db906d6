using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// Rules — validation rules and a stage's exit or entry criteria — matched by name. A group's
/// children are rules under the group's path (<c>deal.stages.sql.exitCriteria.bant.bant_budget</c>).
/// </summary>
internal static class RuleDiff
{
    public static void Compare(ChangeList changes, string area, string path, IReadOnlyList<RuleDefinition> before, IReadOnlyList<RuleDefinition> after) =>
        ChangeList.Match(before, after, r => r.Name,
            added: r => changes.Added(area, $"{path}.{r.Name}", Summary(r)),
            removed: r => changes.Removed(area, $"{path}.{r.Name}", Summary(r)),
            both: (a, b) => CompareRule(changes, area, $"{path}.{a.Name}", a, b));

    private static void CompareRule(ChangeList changes, string area, string path, RuleDefinition a, RuleDefinition b)
    {
        changes.Compare(area, path + ".expression", a.Expression, b.Expression);
        changes.Compare(area, path + ".message", DiffText.Of(a.Message), DiffText.Of(b.Message));
        changes.Compare(area, path + ".field", a.Field, b.Field);
        changes.Compare(area, path + ".group", Group(a), Group(b));
        Compare(changes, area, path, a.Children, b.Children);
    }

    /// <summary>What an added or removed rule checks: its expression, or its group (<c>all of 4 rules</c>).</summary>
    private static string? Summary(RuleDefinition rule) =>
        rule.Expression ?? (rule.Group == RuleGroupMode.None ? null : $"{Group(rule)} of {rule.Children.Count} rules");

    private static string? Group(RuleDefinition rule) => rule.Group == RuleGroupMode.None ? null : DiffText.Name(rule.Group);
}
