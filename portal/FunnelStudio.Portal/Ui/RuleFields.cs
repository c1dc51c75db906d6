using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Stages;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Which fields a failed rule points to (the engine's <see cref="RuleCatalog"/>), and the messages of
/// the failed rules inside a group, for the move dialog and the checklist.
/// </summary>
public static class RuleFields
{
    /// <summary>The fields a violation is about: its own field plus the fields of the failed rules inside a group.</summary>
    public static IEnumerable<string> Of(ObjectDefinition obj, Violation violation) => RuleCatalog.FieldsOf(obj, violation);

    public static IEnumerable<string> Of(ObjectDefinition obj, ChecklistItem item) => RuleCatalog.FieldsOf(obj, item.Field, item.FailedRules);

    /// <summary>The messages of the failed rules inside a group, in the requested locale.</summary>
    public static IReadOnlyList<string> FailedRuleMessages(ObjectDefinition obj, IReadOnlyList<string> failedRules, string locale) =>
        failedRules.Count == 0 ? []
            : RuleCatalog.AllRules(obj).Where(r => failedRules.Contains(r.Name) && !r.Message.IsEmpty)
                .Select(r => r.Message.Get(locale)).Distinct().ToList();

    /// <summary>Every rule of the object, groups and their children: validation rules and stage criteria.</summary>
    public static IEnumerable<RuleDefinition> AllRules(ObjectDefinition obj) => RuleCatalog.AllRules(obj);
}
