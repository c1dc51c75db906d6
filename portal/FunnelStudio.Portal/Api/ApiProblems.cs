using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// Builds the API's problem+json answers (RFC 9457): a status, a stable <c>code</c>, and for refused
/// saves every violation, with messages in the request's language.
/// </summary>
public static class ApiProblems
{
    public static IResult Problem(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
            foreach (var (key, value) in extensions) all[key] = value;
        return TypedResults.Problem(detail: detail, statusCode: status, extensions: all);
    }

    public static IResult BadRequest(string detail) => Problem(400, ErrorCodes.BadRequest, detail);

    public static IResult UnknownObject(string name) => BadRequest($"There is no object '{name}'.");

    /// <summary>The answer to a refused save. <paramref name="preconditionGiven"/>: the caller sent If-Match, so a stale version is 412.</summary>
    public static IResult FromSave(SaveResult result, string locale, bool preconditionGiven)
    {
        var violations = result.Violations;
        var detail = violations.Count > 0 ? violations[0].MessageIn(locale) : result.Status.ToString();
        return result.Status switch
        {
            SaveStatus.NotFound => Problem(404, ErrorCodes.NotFound, detail),
            // A save that only wrote fields the user's roles do not let them write says so in its code.
            SaveStatus.Forbidden when violations.Count > 0 && violations.All(v => v.Code == ErrorCodes.FieldForbidden) =>
                Problem(403, ErrorCodes.FieldForbidden, detail, Errors(violations, locale)),
            SaveStatus.Forbidden => Problem(403, ErrorCodes.Forbidden, detail, Errors(violations, locale)),
            SaveStatus.Conflict => Problem(preconditionGiven ? 412 : 409, ErrorCodes.Conflict, detail),
            // A pending approval request holds the record: retrying will not help until it is decided or recalled.
            SaveStatus.Locked => Problem(409, ErrorCodes.RecordLocked,
                violations.Count > 0 ? detail : "The record is locked while an approval request for it is pending.", Errors(violations, locale)),
            // What blocks the delete, per object and lookup, so a client can show or resolve it.
            SaveStatus.Referenced => Problem(409, ErrorCodes.Referenced, StageDetail(violations, locale), new Dictionary<string, object?>
            {
                ["references"] = violations.Select(v => v.References).OfType<FunnelStudio.References.ReferenceCount>()
                    .Select(r => new ReferenceCountDto(r.Object, r.Field, r.Count)).ToArray(),
                ["errors"] = ToErrors(violations, locale),
            }),
            SaveStatus.StageBlocked when !violations.Any(v => v.Kind == ViolationKind.Transition && v.Rule == "unknown_stage") =>
                Problem(422, ErrorCodes.StageExitBlocked, StageDetail(violations, locale), new Dictionary<string, object?>
                {
                    ["violations"] = violations.Select(v => new ViolationDto(v.Rule, v.Field, v.MessageIn(locale), v.Stage, KindName(v.Kind))).ToArray(),
                    ["errors"] = ToErrors(violations, locale),
                }),
            // A beforeSave hook or an action refused (ctx.addError) or failed: its own code, with where in the script.
            _ when violations.Any(v => v.Kind == ViolationKind.Script) => Problem(422, ErrorCodes.ScriptFailed, detail, Errors(violations, locale)),
            _ => Problem(422, ErrorCodes.ValidationFailed, detail, Errors(violations, locale)),
        };
    }

    /// <summary>
    /// Violations that refused a change made on the caller's behalf (an approval's flow actions),
    /// reported as a refused record save reports them: stage criteria as <c>STAGE_EXIT_BLOCKED</c>, others as 422 with <c>errors</c>.
    /// </summary>
    public static IResult FromViolations(IReadOnlyList<Violation> violations, string locale)
    {
        var stage = violations.Any(v => v.Kind is ViolationKind.ExitCriterion or ViolationKind.EntryCriterion or ViolationKind.Transition);
        return FromSave(SaveResult.Refused(stage ? SaveStatus.StageBlocked : SaveStatus.ValidationFailed, violations), locale, preconditionGiven: false);
    }

    private static string StageDetail(IReadOnlyList<Violation> violations, string locale) =>
        string.Join(" ", violations.Select(v => v.MessageIn(locale)));

    private static Dictionary<string, object?> Errors(IReadOnlyList<Violation> violations, string locale) =>
        new() { ["errors"] = ToErrors(violations, locale) };

    private static FieldErrorDto[] ToErrors(IReadOnlyList<Violation> violations, string locale) =>
        violations.Select(v => new FieldErrorDto(v.Field, CodeOf(v), v.Rule, v.MessageIn(locale))
        {
            ExistingRecordId = v.ExistingRecordId,
            Location = v.ScriptLocation,
        }).ToArray();

    /// <summary>Field errors keep their own code (FIELD_TYPE, FIELD_FORBIDDEN …); rules get one per kind.</summary>
    public static string CodeOf(Violation violation) => violation.Code ?? violation.Kind switch
    {
        ViolationKind.FieldValue => violation.Rule,
        ViolationKind.RequiredField => "FIELD_REQUIRED",
        ViolationKind.Validation => "RULE_FAILED",
        ViolationKind.ExitCriterion => "EXIT_CRITERION",
        ViolationKind.EntryCriterion => "ENTRY_CRITERION",
        ViolationKind.Formula => "FORMULA_ERROR",
        ViolationKind.Script => ErrorCodes.ScriptFailed,
        _ => violation.Rule == "unknown_stage" ? "STAGE_UNKNOWN" : "STAGE_TRANSITION",
    };

    private static string KindName(ViolationKind kind) => kind switch
    {
        ViolationKind.FieldValue => "field",
        ViolationKind.RequiredField => "required",
        ViolationKind.Validation => "validation",
        ViolationKind.ExitCriterion => "exit",
        ViolationKind.EntryCriterion => "entry",
        ViolationKind.Formula => "formula",
        _ => "transition",
    };
}

/// <summary>One entry of a problem's <c>errors</c>.</summary>
public sealed record FieldErrorDto(string? Field, string Code, string Rule, string Message)
{
    /// <summary>For <c>FIELD_UNIQUE</c>: the record that already holds the value, when the caller may read it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ExistingRecordId { get; init; }

    /// <summary>For <c>SCRIPT_FAILED</c>: where in the script (<c>scripts/guard.js:12:7</c>, or the script's file).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Location { get; init; }
}

/// <summary>One entry of a <c>REFERENCED</c> problem's <c>references</c>: how many live records of an object point to the record through a lookup.</summary>
public sealed record ReferenceCountDto(string Object, string Field, int Count);

/// <summary>One entry of a <c>STAGE_EXIT_BLOCKED</c> problem's <c>violations</c>.</summary>
public sealed record ViolationDto(string Rule, string? Field, string Message, string? Stage, string Kind);
