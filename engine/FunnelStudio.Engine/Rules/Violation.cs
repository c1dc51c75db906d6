using FunnelStudio.Metadata;
using FunnelStudio.References;

namespace FunnelStudio.Rules;

/// <summary>What kind of check a violation comes from.</summary>
public enum ViolationKind
{
    /// <summary>A value that could not be bound to its field type.</summary>
    FieldValue,
    /// <summary>A required field (of the object, or of a stage being left or entered) is empty.</summary>
    RequiredField,
    /// <summary>An object validation rule failed.</summary>
    Validation,
    /// <summary>An exit criterion of a stage being left failed.</summary>
    ExitCriterion,
    /// <summary>An entry criterion of the target stage failed.</summary>
    EntryCriterion,
    /// <summary>The move itself is not allowed (unknown stage, closed record, missing role).</summary>
    Transition,
    /// <summary>A formula could not be computed.</summary>
    Formula,
    /// <summary>A script refused the save (<c>ctx.addError</c>) or failed (threw, hit a limit): code <c>SCRIPT_FAILED</c>.</summary>
    Script,
}

/// <summary>
/// One reason a save or a stage move is refused: the rule's name (or the field's, for a required
/// field), the field it is about, and the message in every UI language.
/// </summary>
public sealed record Violation(ViolationKind Kind, string Rule, string? Field, LocalizedText Message)
{
    /// <summary>
    /// The stable code of a field error (<c>FIELD_TYPE</c>, <c>FIELD_FORBIDDEN</c>, <c>FIELD_UNIQUE</c> …),
    /// which clients switch on; null for rules, whose code follows from <see cref="Kind"/>.
    /// </summary>
    public string? Code { get; init; }
    /// <summary>The stage whose criterion or required field this is.</summary>
    public string? Stage { get; init; }
    /// <summary>
    /// Set when the rule or formula could not be evaluated (it then counts as failed): the detail
    /// for the log and admins' tools. Never shown to users — <see cref="Message"/> says it in their words.
    /// </summary>
    public string? Error { get; init; }
    /// <summary>For a group rule: the names of the rules inside it that failed.</summary>
    public IReadOnlyList<string> FailedRules { get; init; } = [];
    /// <summary>For <c>FIELD_UNIQUE</c>: the record that already holds the value, when the user may read it.</summary>
    public Guid? ExistingRecordId { get; init; }
    /// <summary>For a refused delete: the records of one object that point to it through one lookup.</summary>
    public ReferenceCount? References { get; init; }

    /// <summary>For a script's violation: where in the script (<c>scripts/guard.js:12:7</c>).</summary>
    public string? ScriptLocation { get; init; }

    public string MessageIn(string? locale) => Message.Get(locale);

    /// <summary>A field error with its stable code (the code also names the check, in <see cref="Rule"/>).</summary>
    public static Violation FieldError(string code, string? field, LocalizedText message) =>
        new(ViolationKind.FieldValue, code, field, message) { Code = code };
}
