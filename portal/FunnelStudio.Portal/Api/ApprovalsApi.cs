using FunnelStudio.Approvals;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/approvals</c>: the caller's requests to decide, submitted or (admins) stuck; one request;
/// approve, reject (with a comment) and recall; and delegations. Every call goes through
/// <see cref="IApprovalService"/>, which checks the caller — a request they may not read is 404.
/// </summary>
public static class ApprovalsApi
{
    public static RouteGroupBuilder MapApprovalsApi(this RouteGroupBuilder api)
    {
        var approvals = api.MapGroup("/approvals").WithTags("Approvals");
        approvals.MapGet("", ListAsync).WithName("ListApprovals")
            .WithSummary("Approval requests: status=pending (yours to decide, the default), submitted (yours, newest first) or stuck (admins: escalated or waiting long)")
            .Produces<ApprovalListDto>().ProducesProblem(400).ProducesProblem(403);
        approvals.MapGet("/{id:guid}", GetAsync).WithName("GetApproval").WithSummary("One approval request with its steps and decisions")
            .Produces<ApprovalDto>().ProducesProblem(404);
        approvals.MapPost("/{id:guid}/approve", (Guid id, HttpRequest request, ICurrentUser current, IApprovalService service, CancellationToken ct) =>
                DecideAsync(id, ApprovalDecision.Approve, request, current, service, ct))
            .WithName("ApproveApproval").WithSummary("Approve the current step (body: { \"comment\": \"…\" }, the comment optional)")
            .Accepts<DecisionRequest>("application/json").Produces<ApprovalDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        approvals.MapPost("/{id:guid}/reject", (Guid id, HttpRequest request, ICurrentUser current, IApprovalService service, CancellationToken ct) =>
                DecideAsync(id, ApprovalDecision.Reject, request, current, service, ct))
            .WithName("RejectApproval").WithSummary("Reject the request (body: { \"comment\": \"why\" }, the comment required)")
            .Accepts<DecisionRequest>("application/json").Produces<ApprovalDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        approvals.MapPost("/{id:guid}/recall", RecallAsync).WithName("RecallApproval")
            .WithSummary("Take back a pending request you submitted (body: {} or { \"comment\": \"…\" })")
            .Accepts<DecisionRequest>("application/json").Produces<ApprovalDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        approvals.MapApprovalDelegationsApi();
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ICurrentUser current, IApprovalService service, IPackageRuntime runtime,
        CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        ApprovalListKind kind;
        switch (request.Query["status"].ToString())
        {
            case "" or "pending": kind = ApprovalListKind.ToDecide; break;
            case "submitted": kind = ApprovalListKind.SubmittedByMe; break;
            case "stuck":
                if (!runtime.Current.Access.IsAdmin(user))
                    return ApiProblems.Problem(403, ErrorCodes.Forbidden, "Only admins see the stuck approval requests.");
                kind = ApprovalListKind.Stuck;
                break;
            default: return ApiProblems.BadRequest("status must be pending, submitted or stuck.");
        }
        var items = await service.ListAsync(user, kind, cancellationToken);
        return TypedResults.Ok(new ApprovalListDto(items.Select(a => ApprovalDto.From(a, ApiRequest.Locale)).ToList()));
    }

    private static async Task<IResult> GetAsync(Guid id, ICurrentUser current, IApprovalService service, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return await service.GetAsync(id, user, cancellationToken) is { } approval
            ? TypedResults.Ok(ApprovalDto.From(approval, ApiRequest.Locale))
            : NotFound(id);
    }

    private static async Task<IResult> DecideAsync(Guid id, ApprovalDecision decision, HttpRequest request, ICurrentUser current,
        IApprovalService service, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var (comment, commentError) = ApprovalBody.ReadComment(body);
        if (commentError is not null) return commentError;
        if (decision == ApprovalDecision.Reject && comment is null)
            return ApiProblems.Problem(422, ErrorCodes.CommentRequired, "Say why you reject: the comment is required.");
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return Answer(id, await service.DecideAsync(id, user, decision, comment, cancellationToken));
    }

    private static async Task<IResult> RecallAsync(Guid id, HttpRequest request, ICurrentUser current, IApprovalService service,
        CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var (comment, commentError) = ApprovalBody.ReadComment(body);
        if (commentError is not null) return commentError;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return Answer(id, await service.RecallAsync(id, user, comment, cancellationToken));
    }

    private static IResult Answer(Guid id, ApprovalOutcome outcome) => outcome.Status switch
    {
        ApprovalOutcomeStatus.Done when outcome.Approval is { } approval => TypedResults.Ok(ApprovalDto.From(approval, ApiRequest.Locale)),
        // Done without the request to show: what the caller may still read of it is answered by GET.
        ApprovalOutcomeStatus.Done => TypedResults.Ok(new { id, status = "done" }),
        ApprovalOutcomeStatus.Forbidden => ApiProblems.Problem(403, ErrorCodes.ApprovalForbidden,
            "You are not an approver of this request's current step (a recall is for its submitter)."),
        ApprovalOutcomeStatus.AlreadyDecided => ApiProblems.Problem(409, ErrorCodes.AlreadyDecided,
            "Someone else decided this step (or the request) first: nothing was applied."),
        ApprovalOutcomeStatus.Refused => ApiProblems.FromViolations(outcome.Violations, ApiRequest.Locale),
        _ => NotFound(id),
    };

    private static IResult NotFound(Guid id) => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no approval request {id}.");
}
