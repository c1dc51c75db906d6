using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Stages;

namespace FunnelStudio.Access;

/// <summary>
/// Criteria about fields a user may not see. The gates still read those fields (they are the
/// package's rules), but what a user is told must not reveal them: a required-field check or a rule
/// about a hidden field, item by item, would tell whether it is filled or what it holds. So every
/// such criterion is folded into one item, <see cref="Name"/>, with no field: met when all of them
/// are. That is exactly what a move reveals anyway (it is allowed or refused), and no more.
/// </summary>
public static class HiddenCriteria
{
    /// <summary>The name of the folded item (checklist) or violation (refused save).</summary>
    public const string Name = "hidden_criteria";

    /// <summary>The checklist as <paramref name="access"/>'s user may see it.</summary>
    public static StageChecklist Fold(StageChecklist checklist, CompiledObject obj, ObjectAccess access, string? locale)
    {
        if (!access.Permission.HidesAny) return checklist;
        var hidden = checklist.Items.Where(i => IsAbout(obj, access, i.Kind, i.Stage, i.Name, i.Field)).ToList();
        if (hidden.Count == 0) return checklist;
        var folded = new ChecklistItem(hidden[0].Kind, hidden[0].Stage, Name, null, Message.Get(locale), hidden.All(i => i.Passed));
        var items = checklist.Items.Where(i => !hidden.Contains(i)).ToList();
        items.Insert(checklist.Items.TakeWhile(i => i != hidden[0]).Count(i => !hidden.Contains(i)), folded);
        return checklist with { Items = items };
    }

    /// <summary>The reasons a save was refused, as <paramref name="access"/>'s user may see them.</summary>
    public static IReadOnlyList<Violation> Fold(IReadOnlyList<Violation> violations, CompiledObject obj, ObjectAccess access)
    {
        if (!access.Permission.HidesAny) return violations;
        var hidden = violations.Where(v => IsAbout(obj, access, v)).ToList();
        if (hidden.Count == 0) return violations;
        var folded = new Violation(hidden[0].Kind, Name, null, Message) { Stage = hidden[0].Stage };
        var result = violations.Where(v => !hidden.Contains(v)).ToList();
        result.Insert(violations.TakeWhile(v => v != hidden[0]).Count(v => !hidden.Contains(v)), folded);
        return result;
    }

    private static LocalizedText Message => EngineText.Format("criteria.hidden");

    /// <summary>
    /// A violation from a rule or a required field about a hidden field. Field errors (a value the
    /// user sent, such as a forbidden or unknown field) are about the user's own input and stay.
    /// </summary>
    private static bool IsAbout(CompiledObject obj, ObjectAccess access, Violation violation) => violation.Kind switch
    {
        ViolationKind.RequiredField or ViolationKind.Formula => Hidden(access, violation.Field),
        ViolationKind.Validation => RuleAbout(obj, access, obj.ValidationRules, violation.Rule, violation.Field),
        ViolationKind.ExitCriterion or ViolationKind.EntryCriterion => IsAbout(obj, access,
            violation.Kind == ViolationKind.ExitCriterion ? ChecklistItemKind.ExitCriterion : ChecklistItemKind.EntryCriterion,
            violation.Stage, violation.Rule, violation.Field),
        _ => false,
    };

    private static bool IsAbout(CompiledObject obj, ObjectAccess access, ChecklistItemKind kind, string? stage, string name, string? field)
    {
        if (kind == ChecklistItemKind.RequiredField) return Hidden(access, field);
        if (stage is null || !obj.Stages.TryGetValue(stage, out var compiled)) return Hidden(access, field);
        // A stage's rule reported as an exit criterion may be an entry rule of that stage, and the
        // other way round (the checklist's kinds follow the move): look in both lists.
        return RuleAbout(obj, access, compiled.Exit.Concat(compiled.Entry), name, field);
    }

    private static bool RuleAbout(CompiledObject obj, ObjectAccess access, IEnumerable<CompiledRule> rules, string name, string? field)
    {
        var rule = rules.FirstOrDefault(r => r.Name == name);
        return rule is null ? Hidden(access, field) : FieldReads.OfRule(obj.Definition, rule.Definition).Any(f => Hidden(access, f));
    }

    private static bool Hidden(ObjectAccess access, string? field) =>
        field is not null && access.Object.Field(field) is not null && access.IsHidden(field);
}
