using FunnelStudio.Rules;

namespace FunnelStudio.Stages;

/// <summary>How one checklist item relates to the move: leaving a stage, entering one, or a required field.</summary>
public enum ChecklistItemKind
{
    ExitCriterion,
    EntryCriterion,
    RequiredField,
}

/// <summary>One line of the stage checklist the portal shows: ✓ or ✗ with the message.</summary>
public sealed record ChecklistItem(ChecklistItemKind Kind, string Stage, string Name, string? Field, string Message, bool Passed)
{
    /// <summary>The detail when the criterion could not be evaluated (for the log and admins' tools, not for users).</summary>
    public string? Error { get; init; }
    public IReadOnlyList<string> FailedRules { get; init; } = [];
}

/// <summary>
/// Explains a record's position: every criterion between the current stage and the target (by
/// default the next open stage) with pass/fail, in the requested locale.
/// </summary>
public sealed record StageChecklist(string? Current, string? Target, IReadOnlyList<ChecklistItem> Items)
{
    public bool Ready => Items.All(i => i.Passed);
}
