using FunnelStudio.Localization;
using FunnelStudio.Rules;
using FunnelStudio.Stages;

namespace FunnelStudio.Access;

/// <summary>
/// A stage decision for a particular user, as <c>funnelstudio explain --role</c> and package tests
/// with <c>user.roles</c> report it. The rules are the save pipeline's: the record must be within the
/// user's edit scope (<c>FORBIDDEN</c>, and nothing else matters), and a move changes the stage field,
/// so that field must be writable for them (<c>FIELD_FORBIDDEN</c>). On top, for a blocked move: every
/// field an unmet criterion asks for that the user may not write (a rep cannot confirm a payment;
/// finance must) — the fields the portal's move dialog does not offer them.
/// </summary>
public static class MoveAccess
{
    public const string Forbidden = "FORBIDDEN";
    public const string FieldForbidden = "FIELD_FORBIDDEN";

    /// <summary>
    /// <paramref name="decision"/> with the access problems first among its blocking reasons; a record
    /// beyond the edit scope is blocked by that alone, as the save pipeline stops there.
    /// </summary>
    public static StageDecision Apply(StageDecision decision, ObjectAccess access, string? ownerId) =>
        Check(decision, access, ownerId) switch
        {
            [{ Code: Forbidden } forbidden] => decision with { Blocking = [forbidden] },
            { Count: > 0 } problems => decision with { Blocking = [.. problems, .. decision.Blocking] },
            _ => decision,
        };

    /// <summary>What stops <paramref name="access"/>'s user from making the move, beyond the criteria.</summary>
    public static IReadOnlyList<Violation> Check(StageDecision decision, ObjectAccess access, string? ownerId)
    {
        var obj = access.Object;
        if (!access.CanEdit(ownerId))
            return [new Violation(ViolationKind.Transition, Forbidden, null,
                access.CanRead(ownerId) ? EngineText.Format("access.edit", obj.Label) : EngineText.Format("access.read")) { Code = Forbidden }];
        var problems = new List<Violation>();
        var stageField = obj.Pipeline?.Field;
        if (stageField is not null && decision.From != decision.To && !access.CanWrite(stageField))
            problems.Add(FieldProblem(access, stageField));
        var needed = decision.Blocking.SelectMany(v => RuleCatalog.FieldsOf(obj, v)).Distinct(StringComparer.Ordinal);
        foreach (var name in needed)
            if (obj.Field(name) is { IsComputed: false, ReadOnly: false, IsStageField: false } && !access.CanWrite(name))
                problems.Add(FieldProblem(access, name));
        return problems;
    }

    /// <summary>
    /// How a package test names a blocking reason: a rule or required field by its name, an access
    /// problem by its code and field (<c>FIELD_FORBIDDEN:payment_confirmed</c>, <c>FORBIDDEN</c>).
    /// </summary>
    public static string BlockingName(Violation violation) =>
        violation.Code is not { } code ? violation.Rule
        : violation.Field is { } field ? $"{code}:{field}"
        : code;

    private static Violation FieldProblem(ObjectAccess access, string field) =>
        Violation.FieldError(FieldForbidden, field, EngineText.Format("field.forbidden", access.Object.Field(field)!.Label));
}
