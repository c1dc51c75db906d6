using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Stages;

namespace FunnelStudio.Portal.Ui;

/// <summary>One unmet criterion as the move dialog lists it, with the failed rules inside a group.</summary>
public sealed record UnmetItem(string? Stage, bool Entering, string Message, string Rule, IReadOnlyList<string> Details);

/// <summary>
/// The move dialog: why a stage move was refused (every unmet criterion, grouped by the stage it
/// belongs to) and inputs for the fields that can fix it. Submitting it saves those fields and
/// retries the move in one save.
/// </summary>
public sealed class MoveDialogModel
{
    public required ObjectDefinition Object { get; init; }
    public required StoredRecord Record { get; init; }
    public required StageDefinition Target { get; init; }
    public required ActingUser User { get; init; }
    public required FunnelStudio.Access.ObjectAccess Access { get; init; }
    public required FormState State { get; init; }
    /// <summary>Where the move was started: <c>board</c> or <c>record</c>.</summary>
    public required string Source { get; init; }
    public long? Version { get; init; }
    public IReadOnlyList<UnmetItem> Unmet { get; init; } = [];
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];
    /// <summary>A message instead of criteria (conflict, not found, forbidden).</summary>
    public string? Problem { get; init; }

    public string Action => $"/o/{Object.Name}/{Record.Id}/move";

    public FieldInputModel Input(FieldDefinition field) => new(Object, field, State, User) { IdPrefix = "m_", Access = Access.Field(field.Name) };

    /// <summary>The unmet items from a refused save.</summary>
    public static IReadOnlyList<UnmetItem> FromViolations(ObjectDefinition obj, IEnumerable<Violation> violations, string target, string locale) =>
        violations.Where(v => v.Kind != ViolationKind.FieldValue)
            .Select(v => new UnmetItem(v.Stage, v.Stage == target || v.Kind == ViolationKind.EntryCriterion, v.MessageIn(locale), v.Rule,
                RuleFields.FailedRuleMessages(obj, v.FailedRules, locale)))
            .ToList();

    /// <summary>The unmet items of a checklist (a dry run: nothing saved yet).</summary>
    public static IReadOnlyList<UnmetItem> FromChecklist(ObjectDefinition obj, StageChecklist checklist, string locale) =>
        checklist.Items.Where(i => !i.Passed)
            .Select(i => new UnmetItem(i.Stage, i.Kind == ChecklistItemKind.EntryCriterion || i.Stage == checklist.Target, i.Message, i.Name,
                RuleFields.FailedRuleMessages(obj, i.FailedRules, locale)))
            .ToList();

    /// <summary>
    /// The inputs the dialog offers: every field a violation names (required fields, the fields the
    /// failing rules point to, and those inside failing groups), in the object's field order, minus
    /// the ones nobody can type (formulas, autonumbers, read-only, the stage) and the ones the user's
    /// roles do not let them write (finance's payment confirmation is not a rep's input).
    /// </summary>
    public static IReadOnlyList<FieldDefinition> FieldsFor(FunnelStudio.Access.ObjectAccess access, IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return access.Object.Fields.Where(f => wanted.Contains(f.Name) && !f.IsComputed && !f.ReadOnly && !f.IsStageField && access.CanWrite(f.Name)).ToList();
    }
}
