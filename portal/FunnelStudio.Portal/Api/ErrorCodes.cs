namespace FunnelStudio.Portal.Api;

/// <summary>The stable <c>code</c> of every API problem (RFC 9457 problem+json); clients switch on these.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "BAD_REQUEST";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string StageExitBlocked = "STAGE_EXIT_BLOCKED";
    /// <summary>The save writes a field the user's roles only let them read (or hide from them).</summary>
    public const string FieldForbidden = "FIELD_FORBIDDEN";
    /// <summary>A delete refused because live records point to the record (a <c>restrict</c> lookup).</summary>
    public const string Referenced = "REFERENCED";
    /// <summary>A script refused the save (<c>ctx.addError</c>) or failed (threw, hit a limit); each error names where in the script.</summary>
    public const string ScriptFailed = "SCRIPT_FAILED";
    /// <summary>A document's template failed or hit a sandbox limit; <c>detail</c> says where in the template.</summary>
    public const string TemplateFailed = "TEMPLATE_FAILED";
    /// <summary>The record is locked by a pending approval request: nothing was written (admins are not held back).</summary>
    public const string RecordLocked = "RECORD_LOCKED";
    /// <summary>The caller is not an approver of the request's current step (nor their delegate), or, for a recall, not its submitter.</summary>
    public const string ApprovalForbidden = "APPROVAL_FORBIDDEN";
    /// <summary>The step (or the request) was decided first by someone else: nothing was applied.</summary>
    public const string AlreadyDecided = "ALREADY_DECIDED";
    /// <summary>A rejection must say why: its <c>comment</c> is empty.</summary>
    public const string CommentRequired = "COMMENT_REQUIRED";
    /// <summary>A delegation the service refused (an unknown or inactive user, oneself, dates out of order …).</summary>
    public const string DelegationInvalid = "DELEGATION_INVALID";
    public const string Internal = "INTERNAL";
    /// <summary>Too many saves are waiting for the database: nothing was written; retry after <c>Retry-After</c>.</summary>
    public const string Overloaded = "OVERLOADED";
    /// <summary>
    /// The database cannot be reached (or could not be reached to confirm a save whose connection broke).
    /// Retry after <c>Retry-After</c> with the same <c>Idempotency-Key</c>: never stored twice.
    /// </summary>
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";
    /// <summary>The <c>Idempotency-Key</c> was used with another request (method, path or body).</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    /// <summary>Another request with the same <c>Idempotency-Key</c> is still being saved.</summary>
    public const string IdempotencyInProgress = "IDEMPOTENCY_IN_PROGRESS";

    /// <summary>The code for a bare status (status-code pages, framework errors).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 or 412 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        _ when status >= 500 => Internal,
        _ => BadRequest,
    };
}
